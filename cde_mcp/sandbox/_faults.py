"""Faults that the sandbox injects into its next matching requests, to test retries and failures.

A `Fault` names a kind and the fields that kind uses. `FaultQueue` keeps the pending faults in
the order they were added, and each request consumes one use of the first fault that matches
its path.

Which paths a fault matches: without ``path``, only API paths (everything outside ``/storage/``
and ``/_sandbox/``). With ``path``, any request path that starts with it, but a storage or admin
path only when ``path`` itself starts with ``/storage/`` or ``/_sandbox/``. So ``path="/"``
still spares the admin endpoints that clear faults.
"""

from __future__ import annotations

import threading
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator, model_validator

__all__ = ["ADMIN_PREFIX", "STORAGE_PREFIX", "Fault", "FaultKind", "FaultQueue"]

ADMIN_PREFIX = "/_sandbox/"
STORAGE_PREFIX = "/storage/"

FaultKind = Literal[
    "status",
    "html",
    "delay",
    "reset_before_request",
    "reset_after_request",
    "redirect",
    "non_json",
    "empty",
    "oversized",
]

DEFAULT_OVERSIZED_BYTES = 5 * 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 307, 308})

_COMMON_FIELDS = frozenset({"kind", "count", "path"})

# The fields each kind accepts, beyond kind, count and path.
_FIELDS_BY_KIND: dict[str, frozenset[str]] = {
    "status": frozenset({"status", "retry_after", "body"}),
    "html": frozenset({"status", "retry_after"}),
    "delay": frozenset({"seconds"}),
    "reset_before_request": frozenset(),
    "reset_after_request": frozenset(),
    "redirect": frozenset({"status", "location"}),
    "non_json": frozenset({"body"}),
    "empty": frozenset({"status", "retry_after"}),
    "oversized": frozenset({"size"}),
}

# Values filled in when the request leaves a field out.
_DEFAULTS_BY_KIND: dict[str, dict[str, Any]] = {
    "html": {"status": 502},
    "redirect": {"status": 302},
    "non_json": {"body": "OK"},
    "empty": {"status": 200},
    "oversized": {"size": DEFAULT_OVERSIZED_BYTES},
}

_REQUIRED_BY_KIND: dict[str, tuple[str, ...]] = {
    "status": ("status",),
    "delay": ("seconds",),
    "redirect": ("location",),
}


class Fault(BaseModel):
    """A fault for the next ``count`` requests whose path matches.

    Kinds and their fields:

    - ``status``: respond with ``status``, ``body`` (a string is sent as text/plain, other JSON
      values as JSON, none as ``{"message": <reason phrase>}``) and an optional ``Retry-After``.
    - ``html``: an HTML proxy error page with ``status`` (default 502) and optional ``Retry-After``.
    - ``delay``: wait ``seconds``, then handle the request normally. When the server starts
      stopping, the wait ends at once and the response is 503.
    - ``reset_before_request``: reset the TCP connection before reading the request body.
    - ``reset_after_request``: handle the request (an upload is stored), then reset the
      connection instead of responding.
    - ``redirect``: respond with ``status`` (301, 302, 307 or 308, default 302) and
      ``Location: location``.
    - ``non_json``: respond 200 with ``body`` (default ``OK``) as text/plain.
    - ``empty``: respond with ``status`` (default 200), an empty body and optional ``Retry-After``.
    - ``oversized``: respond 200 with a JSON body of ``size`` bytes (default 5 MiB), streamed
      in chunks without Content-Length.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FaultKind
    count: int = Field(default=1, ge=1, le=10_000, description="Number of requests the fault applies to.")
    path: str | None = Field(default=None, description="Prefix of the request paths to match.")
    status: int | None = Field(default=None, ge=200, le=599, description="HTTP status of the response.")
    retry_after: str | None = Field(
        default=None, description="Retry-After header value, delta seconds or an HTTP date, sent as given."
    )
    body: JsonValue = Field(default=None, description="Body of a status or non_json response.")
    seconds: float | None = Field(default=None, ge=0, le=600, description="Wait of a delay fault, in seconds.")
    location: str | None = Field(default=None, min_length=1, description="Location header of a redirect.")
    size: int | None = Field(
        default=None, ge=16, le=1024**3, description="Body size of an oversized response, in bytes."
    )

    @model_validator(mode="before")
    @classmethod
    def _apply_kind_rules(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("kind") not in _FIELDS_BY_KIND:
            return data

        kind = data["kind"]
        allowed = _COMMON_FIELDS | _FIELDS_BY_KIND[kind]
        unexpected = sorted(key for key, value in data.items() if key not in allowed and value is not None)
        if unexpected:
            raise ValueError(f"fields {unexpected} do not apply to kind {kind!r}; it accepts {sorted(allowed)}")

        missing = [field for field in _REQUIRED_BY_KIND.get(kind, ()) if data.get(field) is None]
        if missing:
            raise ValueError(f"kind {kind!r} requires {missing}")

        defaults = {key: value for key, value in _DEFAULTS_BY_KIND.get(kind, {}).items() if data.get(key) is None}
        return {**data, **defaults}

    @model_validator(mode="after")
    def _check_values(self) -> Fault:
        if self.kind == "redirect" and self.status not in REDIRECT_STATUSES:
            raise ValueError(f"redirect status {self.status} is not one of {sorted(REDIRECT_STATUSES)}")
        if self.kind == "non_json" and not isinstance(self.body, str):
            raise ValueError("a non_json body must be a string")
        return self

    @field_validator("retry_after", mode="before")
    @classmethod
    def _seconds_to_text(cls, value: Any) -> Any:
        # Accept a JSON number of seconds as well as the header's own text forms.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("retry_after", "location")
    @classmethod
    def _reject_control_characters(cls, value: str | None) -> str | None:
        # A line break in a header value would let a fault inject further headers.
        if value is not None and not (value.isascii() and value.isprintable()):
            raise ValueError("a header value must be printable ASCII")
        return value

    @field_validator("path")
    @classmethod
    def _require_absolute_path(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("/"):
            raise ValueError(f"path {value!r} must start with '/'")
        return value

    def matches(self, request_path: str) -> bool:
        """Return whether the fault applies to a request for ``request_path``."""
        if self.path is not None and not request_path.startswith(self.path):
            return False

        for protected in (ADMIN_PREFIX, STORAGE_PREFIX):
            if _is_under(request_path, protected):
                return self.path is not None and self.path.startswith(protected)
        return True


class FaultQueue:
    """Pending faults in the order they were added. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[tuple[Fault, int]] = []

    def add(self, fault: Fault) -> None:
        """Queue ``fault`` behind the faults already pending."""
        with self._lock:
            self._pending.append((fault, fault.count))

    def take(self, request_path: str) -> Fault | None:
        """Consume one use of the first pending fault matching ``request_path`` and return it."""
        with self._lock:
            for position, (fault, remaining) in enumerate(self._pending):
                if not fault.matches(request_path):
                    continue
                if remaining > 1:
                    self._pending[position] = (fault, remaining - 1)
                else:
                    del self._pending[position]
                return fault
        return None

    def pending(self) -> list[Fault]:
        """Return the pending faults, each with ``count`` set to its remaining uses."""
        with self._lock:
            return [fault.model_copy(update={"count": remaining}) for fault, remaining in self._pending]

    def clear(self) -> int:
        """Drop every pending fault and return how many there were."""
        with self._lock:
            dropped = len(self._pending)
            self._pending.clear()
            return dropped


def _is_under(request_path: str, prefix: str) -> bool:
    return request_path.startswith(prefix) or request_path == prefix.rstrip("/")
