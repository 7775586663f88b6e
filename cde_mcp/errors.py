"""Errors that cde-mcp reports to an assistant, a script or a person.

Each error has a stable ``code``. Its text starts with that code, then states
what failed and, in ``hint``, what to do next::

    CdeMcpError
    ├── InvalidArguments         invalid_arguments
    ├── InvalidLogo              invalid_logo
    ├── LogoNotFound             logo_not_found
    ├── LogoUnreadable           logo_unreadable
    ├── NotConfigured            not_configured
    ├── ApiError                 api_error (a CDE API response we did not expect)
    │   ├── Unauthorized         unauthorized (HTTP 401)
    │   ├── Forbidden            forbidden (HTTP 403)
    │   ├── ConnectorNotFound    connector_not_found (HTTP 404)
    │   └── Rejected             rejected (HTTP 400)
    ├── ApiTimeout               timeout
    ├── NetworkError             network_error
    ├── OutcomeUnknown           outcome_unknown (the upload was sent, but no response arrived)
    └── InternalError            internal_error (a bug: the command line reports it, the log has the traceback)

The MCP tools turn these into ``isError`` results and the CLI prints them and
exits non-zero. Messages never contain the bearer token: they are built from
values the caller passed, the API's own ``message`` and ``errors`` fields, and
sanitised excerpts of unexpected bodies.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar
from urllib.parse import quote

__all__ = [
    "ApiError",
    "ApiTimeout",
    "CdeMcpError",
    "ConnectorNotFound",
    "Forbidden",
    "InternalError",
    "InvalidArguments",
    "InvalidLogo",
    "LogoNotFound",
    "LogoUnreadable",
    "NetworkError",
    "NotConfigured",
    "OutcomeUnknown",
    "Rejected",
    "Unauthorized",
    "secret_forms",
]


class CdeMcpError(Exception):
    """An anticipated failure whose text a user or an assistant can act on.

    Args:
        message: What failed, naming the value and the rule it broke.
        hint: What to do next. Optional, because some messages already end with the fix.
        details: Extra machine-readable facts (HTTP status, element path, ...) for ``--json`` output.
    """

    code: ClassVar[str] = "error"

    def __init__(self, message: str, *, hint: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details or {}

    def __str__(self) -> str:
        text = f"{self.code}: {self.message}"
        if self.hint:
            text = f"{text}\n{self.hint}"
        return text

    def redact(self, secret: str) -> None:
        """Replace every occurrence of ``secret``, plain or percent-encoded, in the message, hint and details.

        The API or a proxy may echo the token back in a message; this keeps it out of what users see.
        """
        if not secret:
            return
        forms = secret_forms(secret)
        self.message = _mask(self.message, forms)
        self.hint = _mask(self.hint, forms) if self.hint else self.hint
        self.details = {key: _mask_value(value, forms) for key, value in self.details.items()}
        self.args = (self.message,)

    def to_dict(self) -> dict[str, Any]:
        """Return the error as JSON-ready data: ``code``, ``message``, ``hint`` and any details."""
        return {"code": self.code, "message": self.message, "hint": self.hint, **self.details}


def secret_forms(secret: str) -> set[str]:
    """Return the spellings under which a secret can come back in a response body or message.

    Besides the secret itself: percent-encoded with upper- or lower-case hex, with and
    without ``/`` kept, and with ``/`` escaped as ``\\/`` as some JSON encoders write it.
    """
    encoded = quote(secret, safe="")
    lower_hex = re.sub(r"%[0-9A-F]{2}", lambda match: match.group(0).lower(), encoded)
    forms = {secret, encoded, lower_hex, quote(secret, safe="/"), secret.replace("/", "\\/")}
    return {form for form in forms if form}


def _mask(text: str, forms: set[str]) -> str:
    for form in forms:
        text = text.replace(form, "***")
    return text


def _mask_value(value: Any, forms: set[str]) -> Any:
    if isinstance(value, str):
        return _mask(value, forms)
    if isinstance(value, dict | list):
        # Nested API data (such as the `errors` object) is masked through its JSON text.
        return json.loads(_mask(json.dumps(value), forms))
    return value


class InvalidArguments(CdeMcpError):
    """A tool or command argument is missing, malformed or combined with another that excludes it."""

    code = "invalid_arguments"


class InvalidLogo(CdeMcpError):
    """The logo is not an SVG we accept: too large, not well-formed, not SVG, or carrying active content."""

    code = "invalid_logo"


class LogoNotFound(CdeMcpError):
    """``logo_path`` names no file on the machine the server runs on."""

    code = "logo_not_found"


class LogoUnreadable(CdeMcpError):
    """``logo_path`` exists but cannot be read: not a regular file, no permission, or outside the allowed folders."""

    code = "logo_unreadable"


class NotConfigured(CdeMcpError):
    """The server lacks a setting the call needs, usually the bearer token."""

    code = "not_configured"


class ApiError(CdeMcpError):
    """The CDE API returned a status or body we did not expect.

    Subclasses cover the documented responses. ``status`` is the HTTP status, or
    None when the failure is in the body of a success response.
    """

    code = "api_error"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        hint: str | None = None,
        details: dict[str, Any] | None = None,
    ):
        super().__init__(message, hint=hint, details={"status": status, **(details or {})})
        self.status = status


class Unauthorized(ApiError):
    """HTTP 401: the token is missing, expired, or belongs to another environment."""

    code = "unauthorized"


class Forbidden(ApiError):
    """HTTP 403: the token's user does not own this connector."""

    code = "forbidden"


class ConnectorNotFound(ApiError):
    """HTTP 404: no connector with this public id, or it has no such version."""

    code = "connector_not_found"


class Rejected(ApiError):
    """HTTP 400: the API rejected the request and gave its reasons in ``errors``."""

    code = "rejected"


class ApiTimeout(CdeMcpError):
    """A phase of the HTTP exchange, or the whole call's deadline, ran out of time."""

    code = "timeout"


class NetworkError(CdeMcpError):
    """The CDE API could not be reached: DNS, refused connection, TLS, or a connection dropped before sending."""

    code = "network_error"


class OutcomeUnknown(CdeMcpError):
    """The upload was sent but no response arrived, and a read-back could not determine whether it landed."""

    code = "outcome_unknown"


class InternalError(CdeMcpError):
    """An unexpected failure inside cde-mcp, reported by the command line instead of a bare traceback."""

    code = "internal_error"
