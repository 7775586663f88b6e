"""The responses that replace the API's own for the responding fault kinds.

These kinds respond without running the API: ``status``, ``html``, ``redirect``, ``non_json``,
``empty`` and ``oversized``. The other kinds change how the connection behaves and live in the
middleware.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from http import HTTPStatus

from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

from cde_mcp.sandbox._faults import Fault

__all__ = ["RESPONDING_KINDS", "fault_response"]

RESPONDING_KINDS = frozenset({"status", "html", "redirect", "non_json", "empty", "oversized"})

_OVERSIZED_CHUNK_BYTES = 64 * 1024


def fault_response(fault: Fault) -> Response:
    """Build the response for a fault whose kind is in `RESPONDING_KINDS`.

    Raises:
        ValueError: The fault's kind does not produce a response of its own.
    """
    if fault.kind == "status":
        return _status_response(fault)
    if fault.kind == "html":
        return _with_retry_after(_html_response(_status_of(fault)), fault)
    if fault.kind == "redirect":
        return Response(status_code=_status_of(fault), headers={"Location": fault.location or ""})
    if fault.kind == "non_json":
        return PlainTextResponse(str(fault.body))
    if fault.kind == "empty":
        return _with_retry_after(Response(b"", status_code=_status_of(fault)), fault)
    if fault.kind == "oversized":
        return _oversized_response(fault.size or 0)
    raise ValueError(f"fault kind {fault.kind!r} does not produce a response of its own")


def _status_response(fault: Fault) -> Response:
    status = _status_of(fault)
    response: Response
    if fault.body is None:
        response = JSONResponse({"message": _reason_phrase(status)}, status_code=status)
    elif isinstance(fault.body, str):
        response = PlainTextResponse(fault.body, status_code=status)
    else:
        response = JSONResponse(fault.body, status_code=status)
    return _with_retry_after(response, fault)


def _html_response(status: int) -> Response:
    title = f"{status} {_reason_phrase(status)}"
    page = (
        "<!DOCTYPE html>\n<html>\n"
        f"<head><title>{title}</title></head>\n"
        f"<body>\n<h1>{title}</h1>\n"
        "<p>The gateway could not get a valid response from the upstream server.</p>\n"
        "<hr><address>sandbox-gateway</address>\n</body>\n</html>\n"
    )
    return Response(page, status_code=status, media_type="text/html")


def _oversized_response(size: int) -> Response:
    # The body is valid JSON of exactly `size` bytes: {"data": "aaa…"}.
    prefix = b'{"data": "'
    suffix = b'"}'
    filler_bytes = size - len(prefix) - len(suffix)

    async def chunks() -> AsyncIterator[bytes]:
        yield prefix
        remaining = filler_bytes
        while remaining > 0:
            chunk_bytes = min(remaining, _OVERSIZED_CHUNK_BYTES)
            yield b"a" * chunk_bytes
            remaining -= chunk_bytes
        yield suffix

    return StreamingResponse(chunks(), media_type="application/json")


def _with_retry_after(response: Response, fault: Fault) -> Response:
    if fault.retry_after is not None:
        response.headers["Retry-After"] = fault.retry_after
    return response


def _status_of(fault: Fault) -> int:
    if fault.status is None:
        raise ValueError(f"fault kind {fault.kind!r} has no status")
    return fault.status


def _reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
