"""Text that comes from the CDE API, made safe to show in a terminal or to an assistant."""

from __future__ import annotations

import re

__all__ = ["clean_text"]

_SPACES = re.compile(r"\s+")


def clean_text(text: str, max_chars: int = 300) -> str:
    """Return API-supplied text as one printable line of at most ``max_chars`` characters.

    Control characters (terminal escape sequences, carriage returns) are replaced by
    spaces, so text from the API cannot rewrite a terminal or forge extra lines.
    """
    printable = "".join(character if character.isprintable() else " " for character in text)
    single_line = _SPACES.sub(" ", printable).strip()
    return single_line if len(single_line) <= max_chars else single_line[: max_chars - 1] + "…"
