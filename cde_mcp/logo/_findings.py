"""The finding type that every check returns, and helpers to word findings the same way everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Finding", "excerpt", "where"]

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_EXCERPT_CHARS = 60


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason to reject a logo.

    Attributes:
        location: Element path such as ``svg/g[2]/a@href``, ``line 3``, or ``document``.
        construct: Short stable name of what was found, such as ``script element``.
        reason: What was found, where, and why it is rejected; starts with a capital, no final period.
        fix: What to do about it; starts with a lower-case verb, no final period.
    """

    location: str
    construct: str
    reason: str
    fix: str

    @property
    def message(self) -> str:
        """Join reason and fix into one sentence."""
        return f"{self.reason}; {self.fix}."

    @property
    def hint(self) -> str:
        """Return the fix as a sentence of its own."""
        return f"{self.fix[:1].upper()}{self.fix[1:]}."


def where(location: str) -> str:
    """Word a location for use inside a sentence: ``at svg/a@href``, ``on line 3`` or ``in the file``."""
    if location == "document":
        return "in the file"
    if location.startswith("line "):
        return f"on {location}"
    return f"at {location}"


def excerpt(value: str) -> str:
    """Quote a short, printable excerpt of a value taken from the logo.

    Logos come from anyone, and messages reach people and assistants, so control characters are
    replaced and long values cut.
    """
    text = _UNPRINTABLE.sub("\N{REPLACEMENT CHARACTER}", value.strip())
    if len(text) > _EXCERPT_CHARS:
        text = text[: _EXCERPT_CHARS - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return f'"{text}"'
