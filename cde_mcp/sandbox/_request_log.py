"""The sandbox's record of the requests it received, for tests to inspect."""

from __future__ import annotations

import threading

from pydantic import BaseModel, ConfigDict, Field

from cde_mcp.sandbox._auth import AuthState
from cde_mcp.sandbox._faults import FaultKind

__all__ = ["RecordedRequest", "RequestLog"]


class RecordedRequest(BaseModel):
    """One request to an API or storage path, as the sandbox saw it on arrival.

    It never contains the ``Authorization`` header, only whether it was valid.
    """

    model_config = ConfigDict(frozen=True)

    method: str
    path: str = Field(description="URL path, percent-decoded.")
    query: str = Field(description="Raw query string without the leading '?'.")
    auth: AuthState
    host: str | None = Field(description="Host header, or None when the request had none.")
    content_length: int | None = Field(description="Content-Length header in bytes, or None when absent or invalid.")
    fault: FaultKind | None = Field(description="Kind of the injected fault applied, or None.")
    monotonic_seconds: float = Field(description="time.monotonic() of the sandbox process when the request arrived.")


class RequestLog:
    """A thread-safe, append-only list of recorded requests, oldest first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[RecordedRequest] = []

    def append(self, request: RecordedRequest) -> None:
        """Add ``request`` at the end of the log."""
        with self._lock:
            self._entries.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        """Return a copy of the log, oldest request first."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Remove every entry."""
        with self._lock:
            self._entries.clear()
