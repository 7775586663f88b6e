"""Settings read from the environment, with command-line flags as overrides.

Every variable is optional. Without a token the server still starts, and the
tools that need one return ``not_configured``.

| variable | meaning | default |
| --- | --- | --- |
| ``CDE_API_TOKEN`` | bearer token for the CDE API | none |
| ``CDE_API_TOKEN_FILE`` | file whose first line is the bearer token | none |
| ``CDE_API_BASE_URL`` | API base URL | ``https://cde.productsup.com`` |
| ``CDE_API_TIMEOUT`` | seconds for each phase of an HTTP exchange | 30 |
| ``CDE_API_{CONNECT,READ,WRITE,POOL}_TIMEOUT`` | per-phase override, seconds | ``CDE_API_TIMEOUT`` |
| ``CDE_API_DEADLINE`` | seconds for one tool call, retries included | 120 |
| ``CDE_API_MAX_ATTEMPTS`` | attempts per request, first one included | 3 |
| ``CDE_LOGO_MAX_BYTES`` | largest logo accepted, in bytes | 1048576 |
| ``CDE_LOGO_FIELD`` | multipart field name of the logo | ``source`` |
| ``CDE_MCP_ALLOWED_DIRS`` | ``os.pathsep``-separated directories ``logo_path`` may read from | any |
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from cde_mcp.errors import InvalidArguments, NotConfigured

__all__ = ["DEFAULT_BASE_URL", "STAGING_BASE_URL", "Settings", "load_settings", "read_token_file"]

# NOTE: the CDE API reference names only the staging host. This production host is where the API's
# older Swagger UI was served, so it is likely but unconfirmed; the server logs the URL it uses.
DEFAULT_BASE_URL = "https://cde.productsup.com"
STAGING_BASE_URL = "https://cde.staging.productsup.com"
DEFAULT_LOGO_MAX_BYTES = 1024 * 1024


class Settings(BaseSettings):
    """The whole configuration of one cde-mcp process. Frozen once loaded."""

    model_config = SettingsConfigDict(env_prefix="CDE_", frozen=True, extra="ignore")

    api_token: SecretStr | None = Field(default=None, description="Bearer token for the CDE API.")
    api_token_file: Path | None = Field(default=None, description="File whose first line is the bearer token.")
    api_base_url: str = Field(default=DEFAULT_BASE_URL, description="Base URL of the CDE API.")

    api_timeout: float = Field(default=30.0, gt=0, description="Seconds for each phase of an HTTP exchange.")
    api_connect_timeout: float | None = Field(default=None, gt=0)
    api_read_timeout: float | None = Field(default=None, gt=0)
    api_write_timeout: float | None = Field(default=None, gt=0)
    api_pool_timeout: float | None = Field(default=None, gt=0)
    api_deadline: float = Field(default=120.0, gt=0, description="Seconds for one tool call, retries included.")
    api_max_attempts: int = Field(default=3, ge=1, le=10, description="Attempts per request, first included.")

    logo_max_bytes: int = Field(default=DEFAULT_LOGO_MAX_BYTES, ge=1, le=64 * 1024 * 1024)
    # NOTE: the API documents no field name for the logo part; `source` is the key its 400 response uses.
    logo_field: str = Field(default="source", min_length=1, pattern=r"^[A-Za-z0-9_.\[\]-]+$")

    allowed_dirs: Annotated[tuple[Path, ...], NoDecode] = Field(
        default=(),
        validation_alias=AliasChoices("allowed_dirs", "CDE_MCP_ALLOWED_DIRS"),
        description="Directories logo_path may read from; empty means any readable file.",
    )

    @field_validator("api_base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        url = value.strip().rstrip("/")
        if not url.startswith(("https://", "http://")) or "@" in url:
            raise ValueError(f"{value!r} is not an http(s) URL without credentials; use for example {STAGING_BASE_URL}")
        return url

    @field_validator("allowed_dirs", mode="before")
    @classmethod
    def _split_allowed_dirs(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value

        parts = [part.strip() for part in value.split(os.pathsep) if part.strip()]
        # A variable that is set but names nothing must not silently mean "any file".
        if not parts:
            raise ValueError(
                "names no directory; list directories separated by "
                f"{os.pathsep!r}, or unset the variable to allow any readable file"
            )
        return tuple(_expand_user(part) for part in parts)

    @field_validator("api_token", mode="before")
    @classmethod
    def _strip_token(cls, value: Any) -> Any:
        # Pasted tokens and .env files often carry a trailing space or newline, which no header may.
        return value.strip() if isinstance(value, str) else value

    @field_validator("api_token")
    @classmethod
    def _check_token_characters(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            _check_header_safe(value.get_secret_value())
        return value

    @model_validator(mode="after")
    def _read_token_file(self) -> Settings:
        if self.api_token is None and self.api_token_file is not None:
            try:
                token = read_token_file(self.api_token_file)
            except InvalidArguments as exc:
                raise ValueError(f"CDE_API_TOKEN_FILE: {exc.message}") from None
            # The model is frozen; this is the one place that fills the token in.
            object.__setattr__(self, "api_token", token)
        return self

    @property
    def has_token(self) -> bool:
        """Whether a non-empty bearer token is configured."""
        return self.api_token is not None and bool(self.api_token.get_secret_value())

    def bearer_token(self) -> str:
        """Return the bearer token, or raise `NotConfigured` naming the variables that set it."""
        if self.api_token is None or not self.api_token.get_secret_value():
            raise NotConfigured(
                "No CDE API bearer token is configured.",
                hint="Set CDE_API_TOKEN to the token, or CDE_API_TOKEN_FILE to a file that contains it, "
                "in the environment of the MCP server (the client's server configuration), then restart it.",
            )
        return self.api_token.get_secret_value()


def _check_header_safe(token: str) -> None:
    """Raise ValueError, without echoing the token, unless it is visible ASCII as an HTTP header needs."""
    for position, character in enumerate(token):
        if not (character.isascii() and character.isprintable()) or character == " ":
            raise ValueError(
                f"the token contains {_describe_character(character)} at position {position}, "
                "which an HTTP header cannot carry; copy the token again without it"
            )


def _describe_character(character: str) -> str:
    return "a space" if character == " " else f"the character U+{ord(character):04X}"


def _expand_user(path: str) -> Path:
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise ValueError(f"{path!r} names a home directory that does not exist; use an absolute path") from None


def _describe_read_error(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return "its home directory does not exist"


def read_token_file(path: Path) -> SecretStr:
    """Return the bearer token on the first line of ``path``.

    Raises:
        InvalidArguments: The file cannot be read or its first line is empty.
    """
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, RuntimeError) as exc:
        reason = _describe_read_error(exc)
        raise InvalidArguments(
            f"The token file {str(path)!r} cannot be read ({reason}).",
            hint="Point CDE_API_TOKEN_FILE (or --token-file) at a readable file holding the bearer token.",
        ) from None

    lines = text.strip().splitlines()
    if not lines or not lines[0].strip():
        raise InvalidArguments(
            f"The token file {str(path)!r} is empty.",
            hint="Put the bearer token on its first line.",
        )

    token = lines[0].strip()
    try:
        _check_header_safe(token)
    except ValueError as exc:
        raise InvalidArguments(f"The token file {str(path)!r} is invalid: {exc}.") from None
    return SecretStr(token)


def load_settings(**overrides: Any) -> Settings:
    """Load settings from the environment, with ``overrides`` (flags) taking precedence.

    Raises:
        InvalidArguments: A variable or flag has an invalid value. The message names it and the rule.
    """
    flags_set = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**flags_set)
    except ValidationError as exc:
        problems = "; ".join(_describe_setting_error(error).rstrip(".") for error in exc.errors())
        raise InvalidArguments(
            f"Invalid configuration: {problems}.",
            hint="Fix the environment variable or flag named above; `cde-mcp --help` lists them.",
        ) from None


def _describe_setting_error(error: Any) -> str:
    reason = str(error["msg"]).removeprefix("Value error, ")
    if not error["loc"]:
        return reason
    field = str(error["loc"][0])
    variable = "CDE_MCP_ALLOWED_DIRS" if field == "allowed_dirs" else f"CDE_{field.upper()}"
    # The token's own value must never be echoed, so no input is shown for it.
    value_text = "" if "token" in field and "file" not in field else f" = {error.get('input')!r}"
    return f"{variable}{value_text}: {reason}"
