"""Reading CDE API responses: bounded bodies, JSON envelopes, and the error each status maps to."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx2

from cde_mcp.api.text import clean_text
from cde_mcp.errors import ApiError, ConnectorNotFound, Forbidden, Rejected, Unauthorized, secret_forms

__all__ = ["MAX_BODY_BYTES", "ApiResponse", "excerpt", "raise_for_response", "read_response"]

#: Largest response body read into memory; the rest is discarded. The CDE API's
#: largest documented response (a connector list with configs) is far below this.
MAX_BODY_BYTES = 1024 * 1024

_EXCERPT_CHARS = 200
_TAGS = re.compile(r"<[^>]{0,200}>")
_BEARER = re.compile(r"(?i)bearer\s+\S+")


@dataclass(frozen=True)
class ApiResponse:
    """One HTTP response, its body cut at `MAX_BODY_BYTES`.

    ``json`` is the parsed body when it is a JSON object, else None.
    """

    status: int
    headers: httpx2.Headers
    body: bytes
    truncated: bool
    json: dict[str, Any] | None

    @property
    def api_message(self) -> str | None:
        """The envelope's ``message`` field, if the body has one, as one clean line."""
        message = self.json.get("message") if self.json else None
        return clean_text(message) if isinstance(message, str) else None


async def read_response(response: httpx2.Response, *, secret: str = "") -> ApiResponse:
    """Read at most `MAX_BODY_BYTES` of a streamed response and parse it as JSON when it is JSON.

    Every spelling of ``secret`` in the body is replaced by ``***`` first, before any excerpt
    is cut from it, so an echoed token cannot survive in part.
    """
    chunks: list[bytes] = []
    size = 0
    truncated = False
    async for chunk in response.aiter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            truncated = True
            break
    body = b"".join(chunks)[:MAX_BODY_BYTES]
    for form in secret_forms(secret) if secret else ():
        body = body.replace(form.encode(), b"***")

    return ApiResponse(
        status=response.status_code,
        headers=response.headers,
        body=body,
        truncated=truncated,
        json=None if truncated else _parse_json_object(body),
    )


def _parse_json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def excerpt(body: bytes) -> str:
    """Return a short, single-line, tag-free excerpt of a body for an error message.

    Proxies respond with HTML pages, so tags and runs of whitespace are dropped
    and the excerpt shows the page's words. Anything shaped like a bearer
    credential is masked.
    """
    text = body[: _EXCERPT_CHARS * 8].decode("utf-8", errors="replace")
    text = _TAGS.sub(" ", text)
    text = _BEARER.sub("Bearer ***", text)
    return clean_text(text, _EXCERPT_CHARS) or "(empty body)"


def raise_for_response(api_response: ApiResponse, *, operation: str) -> dict[str, Any]:
    """Return the JSON body of a 2xx response, or raise the error its status maps to.

    Args:
        api_response: The response to judge.
        operation: The request in words, for messages, e.g. ``"upload to connector X, version 1"``.

    Raises:
        Unauthorized, Forbidden, ConnectorNotFound, Rejected: The documented 401, 403, 404 and 400.
        ApiError: Any other status, a redirect, or a 2xx body that is not a JSON object.
    """
    if 200 <= api_response.status < 300:
        if api_response.json is None:
            raise _not_json(api_response, operation)
        return api_response.json

    if 300 <= api_response.status < 400:
        raise _redirect(api_response, operation)

    raise _status_error(api_response, operation)


def _status_error(api_response: ApiResponse, operation: str) -> ApiError:
    quoted_message = f' ("{api_response.api_message}")' if api_response.api_message else ""
    status = api_response.status

    if status == 401:
        return Unauthorized(
            f"The CDE API rejected the bearer token (HTTP 401{quoted_message}) for the {operation}.",
            status=status,
            hint="The token is missing, expired, or from another environment (staging tokens do not work "
            "on production). Get a fresh token for the API in CDE_API_BASE_URL and set CDE_API_TOKEN.",
        )
    if status == 403:
        return Forbidden(
            f"The token's user may not access this connector (HTTP 403{quoted_message}) for the {operation}.",
            status=status,
            hint="Only the connector's owner (or an admin) can change it. Check the public id with "
            "find_connectors, which lists only your own connectors.",
        )
    if status == 404:
        return ConnectorNotFound(
            f"The CDE API found no such connector or version (HTTP 404{quoted_message}) for the {operation}.",
            status=status,
            hint="Check the public id (find_connectors lists yours) and the version: a major number "
            "that exists (get_connector lists them), `latest` or `main`.",
        )
    if status == 400:
        return Rejected(
            f"The CDE API rejected the {operation} (HTTP 400{quoted_message}){_describe_errors(api_response)}.",
            status=status,
            hint="Fix what the API names above and call again.",
            details={"errors": api_response.json.get("errors") if api_response.json else None},
        )
    return ApiError(
        f"The CDE API returned HTTP {status} for the {operation}: {_describe_body(api_response)}.",
        status=status,
        hint=_hint_for_status(api_response),
    )


def _describe_errors(api_response: ApiResponse) -> str:
    errors = api_response.json.get("errors") if api_response.json else None
    if isinstance(errors, dict) and errors:
        pairs = (f"{clean_text(str(field))}: {_describe_reason(reason)}" for field, reason in errors.items())
        return ": " + "; ".join(pairs)
    if isinstance(errors, list) and errors:
        return ": " + _describe_reason(errors)
    return ""


def _describe_reason(reason: Any) -> str:
    # Error reasons come as a string or as a list of strings; either way they end up as one sentence.
    reasons = reason if isinstance(reason, list) else [reason]
    return "; ".join(clean_text(str(item)).rstrip(".") for item in reasons)


def _describe_body(api_response: ApiResponse) -> str:
    if api_response.api_message:
        return f'"{api_response.api_message}"'
    return f"body starts {excerpt(api_response.body)!r}"


def _hint_for_status(api_response: ApiResponse) -> str:
    status = api_response.status
    retry_after = api_response.headers.get("retry-after")
    if status == 429:
        wait = f"Wait as the API requests (Retry-After: {retry_after})" if retry_after else "Wait a minute"
        return f"The API is rate limiting this token. {wait}, then call again."
    if status >= 500:
        if retry_after:
            return f"The API is unavailable and asks to retry later (Retry-After: {retry_after}). Call again then."
        return "The API or a proxy in front of it is failing. Call again in a few minutes; re-uploading is safe."
    return "This status is not documented for this endpoint. Check CDE_API_BASE_URL, then call again."


def _not_json(api_response: ApiResponse, operation: str) -> ApiError:
    if api_response.truncated:
        reason = f"its body is larger than {MAX_BODY_BYTES} bytes"
    else:
        reason = f"its body is not a JSON object ({excerpt(api_response.body)!r})"
    return ApiError(
        f"The CDE API returned HTTP {api_response.status} for the {operation}, but {reason}.",
        status=api_response.status,
        hint="A proxy or a wrong CDE_API_BASE_URL may be responding instead of the API. "
        "Check the base URL; if the request was an upload, check the logo with get_connector.",
    )


def _redirect(api_response: ApiResponse, operation: str) -> ApiError:
    location = api_response.headers.get("location", "")
    host = urlsplit(location).netloc or "(same host)"
    return ApiError(
        f"The CDE API returned a redirect (HTTP {api_response.status}) for the {operation}, to host {host}; "
        "redirects are not followed, so the bearer token stays with the configured API.",
        status=api_response.status,
        hint="CDE_API_BASE_URL probably points at the wrong address (http instead of https, or an old host). "
        "Set it to the API's own base URL.",
        details={"redirect_host": host},
    )
