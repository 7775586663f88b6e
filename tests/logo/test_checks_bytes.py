"""From bytes to text: size limit, .svgz, encodings and files that are not SVG at all."""

from __future__ import annotations

import base64
import codecs
import gzip
import itertools
import random
import zlib

import pytest

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.logo.checks import LogoInspection, inspect_logo

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Zürich</title></svg>'
DECLARED_UTF16 = '<?xml version="1.0" encoding="UTF-16"?>\n' + SVG


def inspect(data: bytes, max_bytes: int = DEFAULT_LOGO_MAX_BYTES) -> LogoInspection:
    return inspect_logo(data, max_bytes=max_bytes)


def only_construct(inspection: LogoInspection) -> str:
    (problem,) = inspection.problems
    return problem.kind


def test_size_limit_checked_before_parsing() -> None:
    data = b"<not even xml" * 10
    inspection = inspect(data, max_bytes=len(data) - 1)
    assert only_construct(inspection) == "file too large"
    assert inspection.problems[0].location == "document"
    assert f"{len(data):,} bytes" in inspection.problems[0].message


def test_size_limit_is_inclusive() -> None:
    data = SVG.encode()
    assert inspect(data, max_bytes=len(data)).valid


def test_svgz_uploaded_decompressed() -> None:
    data = gzip.compress(SVG.encode())
    inspection = inspect(data)
    assert inspection.valid
    assert inspection.upload == SVG.encode()
    assert inspection.size_bytes == len(SVG.encode())
    assert inspection.normalizations[0].startswith("decompressed .svgz")


def test_svgz_inner_logo_is_checked() -> None:
    data = gzip.compress(SVG.replace("<title>", '<title onclick="x()">').encode())
    assert only_construct(inspect(data)) == "event-handler attribute"


def test_svgz_with_two_gzip_members() -> None:
    half = len(SVG) // 2
    data = gzip.compress(SVG[:half].encode()) + gzip.compress(SVG[half:].encode())
    assert inspect(data).upload == SVG.encode()


def test_gzip_bomb_stops_at_limit() -> None:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b" " * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(64)) + compressor.flush()  # 64 MiB inside
    inspection = inspect(bomb)
    assert only_construct(inspection) == "decompressed size limit"
    assert inspection.size_bytes == len(bomb)


def test_decompressed_size_uses_the_same_limit() -> None:
    svg = SVG.replace("<title>", '<path d="M0 0h1"/>' * 100 + "<title>").encode()
    data = gzip.compress(svg)
    assert only_construct(inspect(data, max_bytes=len(svg) - 1)) == "decompressed size limit"
    assert inspect(data, max_bytes=len(svg)).valid


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(gzip.compress(SVG.encode())[:-12], id="truncated"),
        pytest.param(gzip.compress(SVG.encode()) + b"trailing", id="trailing-bytes"),
        pytest.param(b"\x1f\x8b\x08\x00garbage-garbage", id="corrupt"),
    ],
)
def test_damaged_gzip_rejected(data: bytes) -> None:
    assert only_construct(inspect(data)) == "damaged gzip data"


def test_gzip_inside_gzip_rejected() -> None:
    assert only_construct(inspect(gzip.compress(gzip.compress(SVG.encode())))) == "gzip data inside gzip data"


def test_utf8_bom_kept_in_upload() -> None:
    data = codecs.BOM_UTF8 + SVG.encode()
    inspection = inspect(data)
    assert inspection.valid
    assert inspection.upload == data
    assert inspection.normalizations == ()


@pytest.mark.parametrize(
    ("codec", "bom", "label"),
    [("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16 LE"), ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16 BE")],
)
def test_utf16_transcoded_to_utf8(codec: str, bom: bytes, label: str) -> None:
    inspection = inspect(bom + DECLARED_UTF16.encode(codec))
    assert inspection.valid
    assert inspection.upload == DECLARED_UTF16.replace('"UTF-16"', '"UTF-8"').encode()
    assert inspection.normalizations == (
        f"transcoded {label} to UTF-8 and set the XML declaration's encoding to UTF-8",
    )


def test_utf16_without_declaration_transcoded() -> None:
    inspection = inspect(codecs.BOM_UTF16_LE + SVG.encode("utf-16-le"))
    assert inspection.upload == SVG.encode()


def test_svgz_of_utf16_records_both_steps() -> None:
    inspection = inspect(gzip.compress(codecs.BOM_UTF16_BE + DECLARED_UTF16.encode("utf-16-be")))
    assert inspection.valid
    assert len(inspection.normalizations) == 2


def test_utf16_transcoded_size_is_limited() -> None:
    text = SVG.replace("Zürich", "東京" * 100)
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    inspection = inspect(data, max_bytes=len(data))
    assert only_construct(inspection) == "file too large"
    assert "Transcoded from UTF-16 LE to UTF-8" in inspection.problems[0].message


def test_utf16_content_is_checked() -> None:
    data = codecs.BOM_UTF16_LE + SVG.replace("<title>", "<script>x()</script><title>").encode("utf-16-le")
    assert only_construct(inspect(data)) == "script element"


def test_utf16_declaring_other_encoding_rejected() -> None:
    data = codecs.BOM_UTF16_LE + DECLARED_UTF16.replace("UTF-16", "ISO-8859-1").encode("utf-16-le")
    assert only_construct(inspect(data)) == "encoding declaration mismatch"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        pytest.param(SVG.encode("utf-16-le"), "without a byte order mark", id="utf16-no-bom"),
        pytest.param(codecs.BOM_UTF32_LE + SVG.encode("utf-32-le"), "UTF-32", id="utf32"),
        pytest.param(SVG.encode("latin-1"), "offset 68", id="latin1-bytes"),
        pytest.param(codecs.BOM_UTF16_LE + b"<\x00\x00\xd8", "offset 4", id="lone-surrogate"),
    ],
)
def test_text_that_is_not_utf8_or_utf16_rejected(data: bytes, detail: str) -> None:
    inspection = inspect(data)
    assert only_construct(inspection) == "not UTF-8 or UTF-16 text"
    assert detail in inspection.problems[0].message


def test_ascii_logo_may_declare_latin1() -> None:
    data = b'<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    assert inspect(data).valid


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-7", "Shift_JIS"])
def test_utf8_logo_declaring_other_encoding_rejected(encoding: str) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?>{SVG}'.encode()
    inspection = inspect(data)
    assert only_construct(inspection) == "encoding declaration mismatch"
    assert inspection.problems[0].location == "line 1"


def test_utf7_rejected_even_for_ascii() -> None:
    data = b'<?xml version="1.0" encoding="UTF-7"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    assert only_construct(inspect(data)) == "encoding declaration mismatch"


@pytest.mark.parametrize(
    ("data", "construct"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"%PDF-1.7\n", "PDF document"),
        (b"PK\x03\x04\x14\x00", "ZIP archive"),
    ],
)
def test_other_file_types_named(data: bytes, construct: str) -> None:
    inspection = inspect(data)
    assert only_construct(inspection) == construct
    assert "only SVG" in inspection.problems[0].message


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_empty_file_rejected(data: bytes) -> None:
    assert only_construct(inspect(data)) == "empty file"


def test_gzip_members_of_every_size() -> None:
    # Random text compresses poorly, so some members span several of the slices zlib is given.
    filler = base64.b64encode(random.Random(0).randbytes(90_000)).decode()
    svg = SVG.replace("<title>", f"<desc>{filler}</desc><title>").encode()
    sizes = itertools.cycle([1, 7, 1_000, 16_383, 16_384, 16_385, 40_000])
    members = []
    start = 0
    while start < len(svg):
        size = next(sizes)
        members.append(gzip.compress(svg[start : start + size]))
        start += size
    inspection = inspect(b"".join(members) + b"\x00" * 100)
    assert inspection.valid
    assert inspection.upload == svg


def test_many_empty_gzip_members_read() -> None:
    data = gzip.compress(b"") * 52_000
    assert len(data) <= DEFAULT_LOGO_MAX_BYTES
    assert only_construct(inspect(data)) == "empty file"


def test_many_gzip_members_then_garbage_rejected() -> None:
    data = gzip.compress(b"") * 10_000 + gzip.compress(SVG.encode()) + b"trailing"
    assert only_construct(inspect(data)) == "damaged gzip data"
