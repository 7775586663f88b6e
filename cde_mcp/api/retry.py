"""When and how long to wait before sending a CDE API request again.

Retried: connection failures before the request left (connect errors and
timeouts, pool timeouts), and the responses 429, 502, 503 and 504. Waits grow
exponentially with jitter; a ``Retry-After`` header (seconds or an HTTP date)
replaces the computed wait. No wait runs past the call's deadline.

The loop itself is tenacity's; this module contains the policy it is given.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx2

if TYPE_CHECKING:
    from cde_mcp.api.responses import ApiResponse

__all__ = ["RETRY_STATUSES", "RetryPolicy", "RetryableResponse", "is_unsent", "parse_retry_after"]

RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff parameters, in seconds.

    The wait before attempt ``n + 1`` is ``min(max_wait, initial_wait * 2 ** (n - 1)) + uniform(0, jitter)``.
    Tests use ``RetryPolicy.immediate()`` so that retries do not sleep.
    """

    attempts: int = 3
    initial_wait: float = 0.5
    max_wait: float = 8.0
    jitter: float = 0.5

    @classmethod
    def immediate(cls, attempts: int = 3) -> RetryPolicy:
        """Return a policy that retries without waiting (a ``Retry-After`` header still counts)."""
        return cls(attempts=attempts, initial_wait=0.0, max_wait=0.0, jitter=0.0)

    def backoff(self, attempt: int) -> float:
        """Return the computed wait after failed attempt number ``attempt`` (1-based)."""
        wait = min(self.max_wait, self.initial_wait * 2.0 ** (attempt - 1))
        jitter: float = random.uniform(0, self.jitter)  # noqa: S311 (jitter, not cryptography)
        return wait + jitter


class RetryableResponse(Exception):
    """A response whose status means "try again later" (429, 502, 503, 504), raised for the retry loop."""

    def __init__(self, api_response: ApiResponse, retry_after: float | None):
        super().__init__(f"HTTP {api_response.status}")
        self.api_response = api_response
        self.retry_after = retry_after


def is_unsent(exc: BaseException) -> bool:
    """Tell whether a transport error happened before any byte of the request reached the server.

    Only then may a request be sent again without first asking whether the
    server acted on it.
    """
    # LocalProtocolError and UnsupportedProtocol are raised while the request is built, before sending.
    unsent = (
        httpx2.ConnectError,
        httpx2.ConnectTimeout,
        httpx2.PoolTimeout,
        httpx2.LocalProtocolError,
        httpx2.UnsupportedProtocol,
    )
    return isinstance(exc, unsent)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Return the wait a ``Retry-After`` header requests, in seconds, or None when absent or malformed.

    The header contains either a number of seconds or an HTTP date; a date in the past means 0.
    """
    if value is None:
        return None
    value = value.strip()

    if value.isdigit():
        return float(value)

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)

    current = now if now is not None else time.time()
    return max(0.0, when.timestamp() - current)


def format_http_date(seconds_from_now: float) -> str:
    """Return an HTTP date ``seconds_from_now`` in the future, as a ``Retry-After`` header writes it."""
    when = datetime.fromtimestamp(time.time() + seconds_from_now, tz=UTC)
    return email.utils.format_datetime(when, usegmt=True)
