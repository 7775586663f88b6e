"""Classification of a request's ``Authorization`` header against the sandbox token."""

from __future__ import annotations

import hmac
from typing import Literal

__all__ = ["AuthState", "classify_authorization", "validate_token"]

AuthState = Literal["valid", "invalid", "missing"]
"""Authorization state of a request: the right bearer token, any other header value, or no header."""


def classify_authorization(header: str | None, token: str) -> AuthState:
    """Classify an ``Authorization`` header value as valid, invalid or missing.

    The scheme ``Bearer`` is matched case-insensitively. ``header`` is the value as Starlette
    decodes it (Latin-1), so encoding it back gives the bytes the client sent.
    """
    if header is None:
        return "missing"

    scheme, _, presented = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return "invalid"

    # Constant-time comparison, so response timing does not reveal how much of a guess matched.
    matches = hmac.compare_digest(presented.strip().encode("latin-1"), token.encode("utf-8"))
    return "valid" if matches else "invalid"


def validate_token(token: str) -> None:
    """Raise ValueError unless ``token`` can be sent as a bearer token in an HTTP header."""
    if not token or token != token.strip() or any(char.isspace() for char in token):
        raise ValueError("The sandbox token must be non-empty and contain no whitespace.")
    if not token.isascii() or not token.isprintable():
        raise ValueError("The sandbox token must consist of printable ASCII characters.")
