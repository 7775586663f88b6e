"""`LogoBytes` and the helpers that more than one logo source module uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["LogoBytes", "LogoSourceKind"]

LogoSourceKind = Literal["logo_path", "logo_base64", "logo_svg"]

_REPR_HEAD_BYTES = 32

_ASCII_WHITESPACE = " \t\n\r\f\v"
_LOOKS_LIKE_BASE64 = re.compile(r"[A-Za-z0-9+/\-_= \t\n\r\f\v]{16,}")
_LOOKS_LIKE_WINDOWS_PATH = re.compile(r"[A-Za-z]:[\\/]")

_SHRINK_HINT = (
    "Shrink the SVG, for example with `svgo --multipass logo.svg -o logo.min.svg`, which removes "
    "editor metadata and shortens path data. The limit is CDE_LOGO_MAX_BYTES in the server's environment."
)


@dataclass(frozen=True, slots=True, repr=False)
class LogoBytes:
    """A logo as raw bytes, with the argument it came from.

    Attributes:
        data: The bytes as read or decoded. No SVG check has run on them, and a ``.svgz`` file is
            still gzip-compressed.
        source: The argument that carried the logo.
        label: The name of the logo in messages: the resolved path for ``logo_path``, otherwise
            ``"logo_base64"`` or ``"logo_svg"``.
    """

    data: bytes
    source: LogoSourceKind
    label: str

    def __repr__(self) -> str:
        # A logo can be a megabyte, so the repr shows its size and first bytes only.
        head = self.data[:_REPR_HEAD_BYTES]
        more = "..." if len(self.data) > _REPR_HEAD_BYTES else ""
        return f"LogoBytes(source={self.source!r}, label={self.label!r}, size={len(self.data)}, data={head!r}{more})"


def _check_max_bytes(max_bytes: int) -> None:
    # A programming error, not a user error, so it is a plain ValueError.
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, got {max_bytes}")


# --- shared by logo_base64 and logo_svg ---------------------------------------------------------------


def _misplaced_value_hint(text: str) -> str | None:
    """Name the argument that fits ``text`` better, or return None when none obviously does."""
    stripped = text.strip(_ASCII_WHITESPACE)
    lowered = stripped.lower()
    if lowered.startswith("<"):
        return "The text looks like SVG markup. Pass it as logo_svg instead."
    if lowered.startswith("data:"):
        return "The text is a data: URI. Pass it as logo_base64 instead."
    if _looks_like_path(stripped):
        return "The text looks like a file path. Pass it as logo_path instead."
    if _LOOKS_LIKE_BASE64.fullmatch(stripped):
        return "The text looks like base64. Pass it as logo_base64 instead."
    return None


def _looks_like_path(text: str) -> bool:
    if "\n" in text:
        return False
    if text.startswith(("/", "~", "./", "../", ".\\", "..\\", "\\\\")):
        return True
    return bool(_LOOKS_LIKE_WINDOWS_PATH.match(text)) or text.lower().endswith((".svg", ".svgz"))


def _describe_character(character: str) -> str:
    return f"{character!r} (U+{ord(character):04X})"
