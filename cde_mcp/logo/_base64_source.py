"""Decode a ``logo_base64`` argument: base64 text or a ``data:image/svg+xml`` URI."""

from __future__ import annotations

import binascii
import re
import urllib.parse
from dataclasses import dataclass

from cde_mcp.errors import InvalidLogo
from cde_mcp.logo._source_common import (
    _ASCII_WHITESPACE,
    _SHRINK_HINT,
    LogoBytes,
    _check_max_bytes,
    _describe_character,
    _misplaced_value_hint,
)

__all__ = ["decode_logo_base64"]

_DELETE_ASCII_WHITESPACE = str.maketrans("", "", _ASCII_WHITESPACE)
_URL_SAFE_TO_STANDARD = str.maketrans("-_", "+/")

# Any character outside both base64 alphabets, the "=" padding and ASCII whitespace.
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/\-_= \t\n\r\f\v]")
_STANDARD_ONLY = re.compile(r"[+/]")
_URL_SAFE_ONLY = re.compile(r"[-_]")


@dataclass(frozen=True, slots=True)
class _DataUri:
    """The parsed header of a ``data:`` URI whose media type is ``image/svg+xml``."""

    is_base64: bool
    payload_start: int


def decode_logo_base64(text: str, *, max_bytes: int) -> LogoBytes:
    """Decode base64 text or a ``data:`` URI into the logo's bytes.

    ASCII whitespace, line breaks included, is ignored anywhere in the payload. The standard
    alphabet (``+/``) and the URL-safe one (``-_``) are both accepted, but not mixed in one text,
    because a mix means the text was damaged or glued together from two encodings. Padding may be
    missing. A ``data:`` URI must have the media type ``image/svg+xml`` (any case, with parameters
    such as ``;charset=utf-8``). A ``data:`` URI without ``;base64`` carries percent-encoded text,
    which is decoded as such. The decoded size is computed from the payload's length and checked
    before anything is decoded.

    Positions in messages are 0-based indexes into ``text`` as given, ``data:`` header included.

    Raises:
        InvalidLogo: The payload is empty, decodes to more than ``max_bytes``, is a ``data:`` URI of
            another media type, or is not valid base64. The message names the first invalid
            character and its position.
    """
    _check_max_bytes(max_bytes)

    data_uri = _parse_data_uri(text)
    if data_uri is not None and not data_uri.is_base64:
        data = _decode_percent_encoded(text, data_uri.payload_start, max_bytes)
    else:
        start = 0 if data_uri is None else data_uri.payload_start
        data = _decode_base64_payload(text, start, max_bytes)
    return LogoBytes(data=data, source="logo_base64", label="logo_base64")


def _parse_data_uri(text: str) -> _DataUri | None:
    start = len(text) - len(text.lstrip(_ASCII_WHITESPACE))
    if text[start : start + 5].lower() != "data:":
        return None

    comma = text.find(",", start)
    if comma < 0:
        raise InvalidLogo(
            "logo_base64 starts with 'data:' but has no ',' between the header and the data.",
            hint="Write it as data:image/svg+xml;base64,<base64 text>, or pass the base64 text alone.",
        )

    parameters = text[start + 5 : comma].split(";")
    media_type = parameters[0].strip().lower()
    is_base64 = len(parameters) > 1 and parameters[-1].strip().lower() == "base64"
    if media_type != "image/svg+xml":
        raise _media_type_error(media_type)
    return _DataUri(is_base64=is_base64, payload_start=comma + 1)


def _media_type_error(media_type: str) -> InvalidLogo:
    # RFC 2397: a data: URI without a media type means text/plain.
    described_type = repr(media_type) if media_type else "text/plain (the default when none is given)"
    return InvalidLogo(
        f"logo_base64 is a data: URI of media type {described_type}, but the logo must be an SVG (image/svg+xml).",
        hint=(
            "Pass an SVG image as data:image/svg+xml;base64,<base64 text>. A bitmap such as PNG "
            "must first be redrawn or traced as a vector SVG."
        ),
    )


def _decode_percent_encoded(text: str, start: int, max_bytes: int) -> bytes:
    payload = text[start:].rstrip(_ASCII_WHITESPACE)
    if not payload:
        raise _empty_payload_error()

    # Every decoded byte comes from at most three characters ("%3C"), so the result has at least
    # len(payload) / 3 bytes. That bound rejects an oversized payload before decoding it.
    minimum_size = -(-len(payload) // 3)
    if minimum_size > max_bytes:
        raise _decoded_too_large_error(minimum_size, max_bytes, exact=False)

    data = urllib.parse.unquote_to_bytes(payload)
    if len(data) > max_bytes:
        raise _decoded_too_large_error(len(data), max_bytes, exact=True)
    return data


def _decode_base64_payload(text: str, start: int, max_bytes: int) -> bytes:
    compact = text[start:].translate(_DELETE_ASCII_WHITESPACE)
    if not compact:
        raise _empty_payload_error()

    data_length = len(compact.rstrip("="))
    padding_length = len(compact) - data_length
    # Four base64 characters carry three bytes, and a trailing group of 2 or 3 carries 1 or 2.
    decoded_size = data_length * 3 // 4
    if decoded_size > max_bytes:
        raise _decoded_too_large_error(decoded_size, max_bytes, exact=True)

    _check_base64_characters(text, start)
    _check_single_alphabet(text, start)
    _check_padding_at_end(text, start, compact, data_length)
    _check_base64_length(data_length, padding_length)

    standard = compact[:data_length].translate(_URL_SAFE_TO_STANDARD)
    standard += "=" * (-data_length % 4)
    try:
        return binascii.a2b_base64(standard, strict_mode=True)
    except binascii.Error as exc:
        # The checks above should leave nothing for strict mode to reject, so this is a backstop.
        raise InvalidLogo(
            f"logo_base64 is not valid base64: {exc}.",
            hint="Encode the SVG file again, for example with `base64 -w0 logo.svg`.",
        ) from exc


def _check_base64_characters(text: str, start: int) -> None:
    bad = _NOT_BASE64.search(text, start)
    if bad is not None:
        hint = (
            "Base64 uses A-Z, a-z, 0-9, '+' and '/' (or '-' and '_' in the URL-safe alphabet), "
            "with '=' as padding at the end. Whitespace and line breaks are ignored."
        )
        misplaced = _misplaced_value_hint(text)
        raise InvalidLogo(
            f"logo_base64 contains {_describe_character(bad.group())} at position {bad.start()}, "
            "which is not a base64 character.",
            hint=f"{misplaced} {hint}" if misplaced else hint,
        )


def _check_single_alphabet(text: str, start: int) -> None:
    standard = _STANDARD_ONLY.search(text, start)
    url_safe = _URL_SAFE_ONLY.search(text, start)
    if standard is not None and url_safe is not None:
        first, second = sorted([standard, url_safe], key=lambda match: match.start())
        raise InvalidLogo(
            f"logo_base64 mixes two base64 alphabets: {first.group()!r} at position {first.start()} "
            f"and {second.group()!r} at position {second.start()}. A text uses either the standard "
            "alphabet ('+', '/') or the URL-safe one ('-', '_').",
            hint="Encode the SVG file again in one piece, for example with `base64 -w0 logo.svg`.",
        )


def _check_padding_at_end(text: str, start: int, compact: str, data_length: int) -> None:
    # compact is the payload without whitespace, so an "=" before data_length has data after it.
    first_padding = compact.find("=")
    if 0 <= first_padding < data_length:
        raise InvalidLogo(
            f"logo_base64 has data after the '=' padding at position {text.find('=', start)}, but "
            "padding may only end the text.",
            hint=(
                "The text is probably several base64 texts joined together. Encode the SVG file "
                "again in one piece, for example with `base64 -w0 logo.svg`."
            ),
        )


def _check_base64_length(data_length: int, padding_length: int) -> None:
    if data_length % 4 == 1:
        raise InvalidLogo(
            f"logo_base64 has {_count(data_length, 'base64 character')}, a length that no complete "
            "base64 text has (4n + 1), so the text was probably cut off or lost a character.",
            hint="Pass the complete base64 text, for example the output of `base64 -w0 logo.svg`.",
        )

    needed = -data_length % 4
    if padding_length > needed:
        raise InvalidLogo(
            f"logo_base64 ends with {_count(padding_length, 'padding character')} ('='), but "
            f"its {_count(data_length, 'base64 character')} need at most {needed}.",
            hint="Remove the extra '=' characters, or encode the SVG file again.",
        )


def _empty_payload_error() -> InvalidLogo:
    return InvalidLogo(
        "logo_base64 contains no data.",
        hint="Pass the base64-encoded SVG file, for example the output of `base64 -w0 logo.svg`.",
    )


def _decoded_too_large_error(size: int, max_bytes: int, *, exact: bool) -> InvalidLogo:
    amount = f"{size} bytes" if exact else f"at least {size} bytes"
    return InvalidLogo(
        f"logo_base64 decodes to {amount}, more than the limit of {max_bytes} bytes.",
        hint=_SHRINK_HINT,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
