"""From the bytes of a logo to the text the checks read and the bytes we upload.

Steps, each of which may reject the logo with one finding:

1. Size: larger than ``max_bytes`` is rejected before anything is read.
2. ``.svgz``: gzip data (magic ``1F 8B``) is decompressed in steps that never produce more than
   ``max_bytes`` plus one, so a gzip bomb stops after about ``max_bytes`` of work.
3. Encoding: UTF-8 with or without a byte order mark, or UTF-16 with one. UTF-16 is transcoded to
   UTF-8 and the XML declaration's ``encoding`` is changed to match; the UTF-8 bytes must fit the limit too.

The text handed on is exactly the text of the upload bytes, so the checks read what is uploaded.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from cde_mcp.logo._findings import Finding, excerpt

__all__ = ["DecodedLogo", "decode_logo"]

_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # zlib reads the gzip header and trailer itself
_GZIP_INPUT_SLICE_BYTES = 16_384

_UTF16_BOMS = (
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # checked first: the LE one starts like UTF-16 LE

# Other file types people pick by mistake, by their leading bytes.
_OTHER_FORMATS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
)

_XML_DECLARATION = re.compile(
    r"<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*([\"'])[^\"']*\1"
    r"(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*([\"'])([^\"']*)\2)?"
)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})
_UTF16_NAMES = frozenset({"utf-16", "utf16", "utf-16le", "utf-16be"})
# Encodings that write ASCII text byte for byte like UTF-8, so a pure-ASCII logo may declare one of them.
# UTF-7 is left out on purpose, because it can spell "<script>" without a "<".
_ASCII_COMPATIBLE = frozenset(
    {"us-ascii", "ascii", "iso-8859-1", "iso-8859-15", "latin1", "latin-1", "windows-1252", "cp1252"}
)


@dataclass(frozen=True, slots=True)
class DecodedLogo:
    """A logo ready for parsing: its text, the bytes to upload, and what was changed on the way."""

    text: str
    upload: bytes
    normalizations: tuple[str, ...]


def decode_logo(data: bytes, *, max_bytes: int) -> DecodedLogo | Finding:
    """Return the logo's text and upload bytes, or the one finding that stops it."""
    if len(data) > max_bytes:
        return _too_large(f"The file is {len(data):,} bytes", max_bytes)
    normalizations: list[str] = []
    if data.startswith(_GZIP_MAGIC):
        inflated = _gunzip(data, max_bytes=max_bytes)
        if isinstance(inflated, Finding):
            return inflated
        normalizations.append(f"decompressed .svgz ({len(data):,} bytes) to SVG ({len(inflated):,} bytes)")
        data = inflated

    not_svg = _other_format(data)
    if not_svg is not None:
        return not_svg
    decoded = _decode_text(data)
    if isinstance(decoded, Finding):
        return decoded
    text, utf16_label = decoded

    declared = _XML_DECLARATION.match(text)
    encoding = declared.group(3) if declared and declared.group(3) is not None else None
    if utf16_label is not None:
        if encoding is not None and encoding.lower() not in _UTF16_NAMES:
            return _declaration_mismatch(encoding, utf16_label)
        if declared is not None and encoding is not None:
            start, end = declared.span(3)
            text = f"{text[:start]}UTF-8{text[end:]}"
        upload = text.encode("utf-8")
        if len(upload) > max_bytes:  # UTF-8 takes 3 bytes where UTF-16 takes 2 for most non-Latin letters
            return _too_large(f"Transcoded from {utf16_label} to UTF-8, the file is {len(upload):,} bytes", max_bytes)
        normalizations.append(f"transcoded {utf16_label} to UTF-8 and set the XML declaration's encoding to UTF-8")
        return DecodedLogo(text, upload, tuple(normalizations))

    name = (encoding or "utf-8").lower()
    if name not in _UTF8_NAMES and not (name in _ASCII_COMPATIBLE and text.isascii()):
        return _declaration_mismatch(name, "UTF-8")
    return DecodedLogo(text, data, tuple(normalizations))


def _gunzip(data: bytes, *, max_bytes: int) -> bytes | Finding:
    """Decompress gzip data, stopping as soon as the output would pass ``max_bytes``.

    A file may hold several gzip members one after another, optionally followed by zero bytes of
    padding. The input goes to zlib in slices of ``_GZIP_INPUT_SLICE_BYTES``, because zlib copies the
    input left over after each member into ``unused_data``. Handing it the whole rest of the file
    would copy it once per member, and a file of 50,000 empty members would take seconds.
    """
    output = bytearray()
    view = memoryview(data)
    offset = 0  # where the input not yet given to zlib starts
    decompressor = zlib.decompressobj(wbits=_GZIP_WBITS)
    try:
        while True:
            piece = view[offset : offset + _GZIP_INPUT_SLICE_BYTES]
            offset += len(piece)
            # Guard against gzip bombs: never ask zlib for more than one byte past the limit.
            output += decompressor.decompress(piece, max_bytes - len(output) + 1)
            if len(output) > max_bytes:
                return Finding(
                    "document",
                    "decompressed size limit",
                    f"The .svgz file unpacks to more than the limit of {max_bytes:,} bytes "
                    "(a compressed file that expands this much is also how gzip bombs work)",
                    "upload a smaller logo, or the plain .svg file",
                )
            # Below the limit zlib reads its whole input, so no unconsumed_tail is left to feed back.
            if decompressor.eof:
                offset -= len(decompressor.unused_data)
                if data.startswith(_GZIP_MAGIC, offset):
                    decompressor = zlib.decompressobj(wbits=_GZIP_WBITS)
                    continue
                if data.count(0, offset) == len(data) - offset:
                    return bytes(output)
                return _damaged_gzip("it has extra data after the compressed SVG")
            if offset >= len(data):
                return _damaged_gzip("it ends before the compressed SVG does")
    except zlib.error as error:
        return _damaged_gzip(f"zlib reports {error}")


def _too_large(size: str, max_bytes: int) -> Finding:
    return Finding(
        "document",
        "file too large",
        f"{size}, more than the limit of {max_bytes:,} bytes",
        "make the logo smaller, for example by simplifying paths, rounding coordinates "
        "or removing embedded images and editor metadata",
    )


def _damaged_gzip(detail: str) -> Finding:
    return Finding(
        "document",
        "damaged gzip data",
        f"The file starts like a gzip-compressed .svgz file, but {detail}",
        "export the logo again, preferably as a plain .svg file",
    )


def _other_format(data: bytes) -> Finding | None:
    """Name a raster image, PDF or archive passed instead of SVG."""
    kind = next((name for magic, name in _OTHER_FORMATS if data.startswith(magic)), None)
    if kind is None and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = "WebP image"
    if data.startswith(_GZIP_MAGIC):
        kind = "gzip data inside gzip data"
    if kind is None:
        return None
    return Finding(
        "document",
        kind,
        f"The file is a {kind}, not SVG, and the CDE API accepts only SVG logos",
        "export the logo as SVG from the design tool it was made in",
    )


def _decode_text(data: bytes) -> tuple[str, str | None] | Finding:
    """Decode by byte order mark, else as UTF-8, and return the text with the UTF-16 variant if any."""
    if data.startswith(_UTF32_BOMS):
        return _not_text("is encoded as UTF-32, which is not accepted")
    for bom, codec, label in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), label
            except UnicodeDecodeError as error:
                offset = error.start + len(bom)
                return _not_text(
                    f"starts with a {label} byte order mark, but the bytes at offset {offset:,} are not {label}"
                )
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    if _looks_like_utf16(body):
        return _not_text("looks like UTF-16 without a byte order mark")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + len(data) - len(body)
        return _not_text(f"is not valid UTF-8 text (the byte at offset {offset:,} cannot be decoded)")
    if not text.strip():
        return Finding(
            "document",
            "empty file",
            "The file is empty or only white space",
            "choose the SVG file of the logo",
        )
    return text, None


def _looks_like_utf16(body: bytes) -> bool:
    """Tell UTF-16 without a byte order mark by the zero bytes around ASCII markup."""
    head = body.lstrip(b" \t\r\n\x00")[:2]
    return head in (b"<\x00", b"\x00<")


def _not_text(detail: str) -> Finding:
    return Finding(
        "document",
        "not UTF-8 or UTF-16 text",
        f"The file {detail}, so it cannot be read as SVG",
        "save the logo as UTF-8 SVG from the design tool",
    )


def _declaration_mismatch(declared: str, actual: str) -> Finding:
    return Finding(
        "line 1",
        "encoding declaration mismatch",
        f"The XML declaration names the encoding {excerpt(declared)} but the file is {actual}, "
        "so viewers could read different text than these checks do",
        'save the logo as UTF-8 with encoding="UTF-8" in the XML declaration',
    )
