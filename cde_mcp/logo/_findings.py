"""The finding type that every check returns, the log that collects findings, and helpers to word them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "MAX_KEPT_FINDINGS",
    "MAX_LOCATION_CHARS",
    "MAX_MESSAGE_CHARS",
    "MAX_NAME_CHARS",
    "Finding",
    "FindingLog",
    "clip",
    "clip_tail",
    "excerpt",
    "short_name",
    "where",
]

# Each log keeps this many findings and only counts the rest. It must be at least the number of
# problems a report lists, so the listed ones are the first ones found.
MAX_KEPT_FINDINGS = 100
MAX_NAME_CHARS = 32  # an element or attribute name shown in a path or message is cut to this length
MAX_LOCATION_CHARS = 200  # a longer location keeps its end, which names the element found
MAX_MESSAGE_CHARS = 1_000

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_EXCERPT_CHARS = 60
_ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"


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


class FindingLog:
    """Findings in the order found: the first ``limit`` are kept, the others only counted.

    A hostile logo can produce a finding for every attribute or CDATA section, and keeping them all
    would let a 1 MiB file allocate hundreds of MiB of messages.
    """

    def __init__(self, limit: int = MAX_KEPT_FINDINGS) -> None:
        self.limit = limit
        self.kept: list[Finding] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, finding: Finding | None) -> None:
        """Record a finding; None, which checks return when all is well, is skipped."""
        if finding is None:
            return
        self.count += 1
        if len(self.kept) < self.limit:
            self.kept.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Record each finding in turn."""
        for finding in findings:
            self.add(finding)


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
    return f'"{clip(text, _EXCERPT_CHARS)}"'


def short_name(name: str) -> str:
    """Return a name as written for paths and messages, or its first ``MAX_NAME_CHARS`` characters and "…"."""
    return name if len(name) <= MAX_NAME_CHARS else name[:MAX_NAME_CHARS] + _ELLIPSIS


def clip(text: str, max_chars: int) -> str:
    """Cut text to at most ``max_chars`` characters, ending it with an ellipsis when cut."""
    return text if len(text) <= max_chars else text[: max_chars - 1] + _ELLIPSIS


def clip_tail(text: str, max_chars: int) -> str:
    """Cut text to at most ``max_chars`` characters by dropping its start, marked with an ellipsis."""
    return text if len(text) <= max_chars else _ELLIPSIS + text[len(text) - max_chars + 1 :]
