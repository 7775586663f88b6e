"""Tool arguments: their JSON Schema, and plain-language messages when a call breaks it.

The schema is what clients see in ``tools/list``; the same pydantic constraints
validate each call on the server. When validation fails, `describe_invalid_arguments`
turns pydantic's report into one line per argument naming the value, the rule and the fix.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, ValidationError

__all__ = [
    "UUID_PATTERN",
    "VERSION_PATTERN",
    "ConnectorVersionArg",
    "LogoBase64Arg",
    "LogoPathArg",
    "LogoSvgArg",
    "PublicIdArg",
    "UploadTarget",
    "describe_invalid_arguments",
]

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
VERSION_PATTERN = r"^(main|latest|\d+)$"
EXAMPLE_PUBLIC_ID = "019e16f5-5795-79d4-a959-6d54a49f2fa8"


def _accept_integer(value: Any) -> Any:
    # Assistants often send the major version as a JSON number; 1 means "1". A boolean is not a number here.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _normalize_major(value: str) -> str:
    # The server's regex engine counts non-ASCII digits (Arabic-Indic ones, say) as \d; JSON Schema clients do not.
    if not value.isascii():
        raise ValueError("only ASCII digits may form a major version")
    # "01" names major 1; sending it as 1 keeps the API from seeing two spellings of one version.
    return str(int(value)) if value.isdigit() else value


PublicIdArg = Annotated[
    str,
    Field(
        description="The connector's public id, a UUID such as "
        f"{EXAMPLE_PUBLIC_ID}. find_connectors looks it up by connector name.",
        pattern=UUID_PATTERN,
        json_schema_extra={"format": "uuid"},
    ),
]

ConnectorVersionArg = Annotated[
    str,
    Field(
        description="The connector version's major number as an integer (for 1.0.5 use 1, for 2.5.6 use 2), "
        "or `latest` for the latest version, or `main` for the currently released main version.",
        pattern=VERSION_PATTERN,
        max_length=9,
    ),
    BeforeValidator(_accept_integer),
    AfterValidator(_normalize_major),
]

LogoPathArg = Annotated[
    str | None,
    Field(
        description="Path of an SVG (or .svgz) file on the machine the MCP server runs on. `~` is expanded; "
        "a relative path is resolved against the server's working directory, so prefer an absolute path. "
        "Pass exactly one of logo_path, logo_base64 and logo_svg.",
    ),
]

LogoBase64Arg = Annotated[
    str | None,
    Field(
        description="The SVG file as base64, or as a data:image/svg+xml;base64,... URI. Line breaks are allowed. "
        "Pass exactly one of logo_path, logo_base64 and logo_svg.",
    ),
]

LogoSvgArg = Annotated[
    str | None,
    Field(
        description="The SVG markup itself, starting with <svg or <?xml. Use this when you drafted the logo: "
        "it costs far fewer tokens than base64. Pass exactly one of logo_path, logo_base64 and logo_svg.",
    ),
]


class UploadTarget(BaseModel):
    """The connector version an upload goes to, validated by the same rules as the tool's arguments."""

    public_id: PublicIdArg
    connector_version: ConnectorVersionArg


# For each argument: the rule in words, and what to do instead.
_RULES: dict[str, tuple[str, str]] = {
    "public_id": (
        "must be a UUID like " + EXAMPLE_PUBLIC_ID,
        "pass the connector's public id; find_connectors lists your connectors with their ids",
    ),
    "connector_version": (
        "must be a major version number, `latest` or `main`",
        "for version 1.0.5 pass 1",  # replaced by a hint built from the value when it has a major number
    ),
    "limit": ("must be an integer from 1 to 100", "pass for example 20"),
    "offset": ("must be an integer of 0 or more", "pass the next_offset of the previous page"),
    "verify": ("must be true or false", "pass a JSON boolean, not a string"),
    "released": ("must be true or false", "pass a JSON boolean, not a string, or leave it out"),
}

_MAX_SHOWN_CHARS = 60


def describe_invalid_arguments(error: ValidationError) -> str:
    """Return one line per invalid argument: the argument, its value, the rule it broke and the fix."""
    lines = [_describe(item) for item in error.errors(include_url=False)]
    return "\n".join(dict.fromkeys(lines))


def _describe(item: Any) -> str:
    name = ".".join(str(part) for part in item["loc"]) or "arguments"
    rule, fix = _RULES.get(name, ("", ""))

    if item["type"] == "missing":
        return f"{name} is required but missing" + (f"; {fix}" if fix else "") + "."

    value = item.get("input")
    value_text = _show(value)
    if not rule:
        reason = str(item["msg"]).removeprefix("Value error, ")
        return f"{name} = {value_text} is invalid: {reason}."
    if name == "connector_version":
        fix = _version_fix(value) or fix
    return f"{name} = {value_text} {rule}; {fix}."


def _version_fix(value: Any) -> str | None:
    """Suggest the major number hidden in a value such as ``1.0.1`` or ``v2``."""
    match = re.match(r"^\s*[vV]?(\d+)", value) if isinstance(value, str) else None
    return f"for {value!r} pass {int(match.group(1))}" if match else None


def _show(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_SHOWN_CHARS:
        text = text[: _MAX_SHOWN_CHARS - 1] + "…"
    return text
