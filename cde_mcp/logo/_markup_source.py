"""Encode a ``logo_svg`` argument: the SVG markup itself."""

from __future__ import annotations

import re

from cde_mcp.errors import InvalidLogo
from cde_mcp.logo._source_common import (
    _SHRINK_HINT,
    LogoBytes,
    _check_max_bytes,
    _describe_character,
    _misplaced_value_hint,
)

__all__ = ["encode_logo_svg"]

# The opening line of a Markdown code fence: ```svg, ```xml, a bare ``` or ~~~, with any info string.
_OPENING_FENCE = re.compile(r"(`{3,}|~{3,})[^`]*")


def encode_logo_svg(text: str, *, max_bytes: int) -> LogoBytes:
    """Encode SVG markup as UTF-8 bytes.

    Surrounding whitespace and a leading byte order mark (U+FEFF) are removed. A Markdown code
    fence around the whole text (```svg, ```xml, a bare ``` or ~~~, each closed by the same kind
    of fence) is removed too, because assistants often paste markup in one. The size limit applies
    to the encoded bytes.

    Raises:
        InvalidLogo: The text is empty, does not start with ``<`` (the hint names the argument that
            fits base64 text, a ``data:`` URI or a file path), cannot be encoded as UTF-8, or is
            larger than ``max_bytes`` once encoded.
    """
    _check_max_bytes(max_bytes)

    markup = _strip_code_fence(text.strip().lstrip("\ufeff").strip())
    if not markup:
        raise InvalidLogo(
            "logo_svg contains no markup.",
            hint="Pass the SVG document itself, starting with <svg or <?xml.",
        )
    if not markup.startswith("<"):
        raise _not_markup_error(markup)

    # UTF-8 needs at least one byte per character, so a text longer than the limit in characters
    # is too large without encoding it.
    if len(markup) > max_bytes:
        raise _svg_too_large_error(f"at least {len(markup)} bytes", max_bytes)

    data = _encode_utf8(markup)
    if len(data) > max_bytes:
        raise _svg_too_large_error(f"{len(data)} bytes", max_bytes)
    return LogoBytes(data=data, source="logo_svg", label="logo_svg")


def _strip_code_fence(text: str) -> str:
    # Split on lines instead of matching one regular expression over the text, which would
    # backtrack quadratically on long runs of backticks.
    first_line, _, rest = text.partition("\n")
    opening = _OPENING_FENCE.fullmatch(first_line.strip())
    if opening is None:
        return text

    body, _, last_line = rest.rpartition("\n")
    closing = last_line.strip()
    fence = opening.group(1)
    # Markdown closes a fence only with the same character, repeated at least as often.
    if len(closing) < len(fence) or closing != fence[0] * len(closing):
        return text
    return body.strip()


def _not_markup_error(markup: str) -> InvalidLogo:
    hint = _misplaced_value_hint(markup)
    if hint is None and markup.startswith(("```", "~~~")):
        hint = (
            "The text starts with a Markdown code fence that could not be removed. Put the opening "
            "and closing fences on lines of their own, or pass the markup without them."
        )
    if hint is None and ("<svg" in markup.lower() or "<?xml" in markup.lower()):
        hint = "The markup follows other text. Pass only the SVG document, starting at <svg or <?xml."
    if hint is None:
        hint = "Pass the SVG document itself, starting with <svg or <?xml."

    return InvalidLogo(
        f"logo_svg is not SVG markup, because it starts with {markup[:24]!r} instead of '<'.",
        hint=hint,
    )


def _encode_utf8(markup: str) -> bytes:
    try:
        return markup.encode("utf-8")
    except UnicodeEncodeError as exc:
        # Only an unpaired surrogate (U+D800 to U+DFFF) makes a Python string unencodable as UTF-8.
        bad = markup[exc.start]
        raise InvalidLogo(
            f"logo_svg contains {_describe_character(bad)} at position {exc.start}, an unpaired "
            "surrogate that UTF-8 cannot encode.",
            hint="Remove the character, or pass the SVG file as logo_path or logo_base64.",
        ) from exc


def _svg_too_large_error(amount: str, max_bytes: int) -> InvalidLogo:
    return InvalidLogo(
        f"logo_svg is {amount} as UTF-8, more than the limit of {max_bytes} bytes.",
        hint=_SHRINK_HINT,
    )
