"""Tests for turning logo_path, logo_base64 and logo_svg into bytes."""

from __future__ import annotations

import base64
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cde_mcp.errors import InvalidArguments, InvalidLogo, LogoNotFound, LogoUnreadable
from cde_mcp.logo import sources
from cde_mcp.logo._file_source import _read_at_most
from cde_mcp.logo.sources import (
    LogoBytes,
    decode_logo_base64,
    encode_logo_svg,
    load_logo,
    read_logo_file,
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
SVG_TEXT = SVG.decode()
LIMIT = 1000

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="os.mkfifo is not available")


def write_svg(path: Path, data: bytes = SVG) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def fake_stat_for(target: Path, replacement: Path) -> Callable[..., os.stat_result]:
    """Return an os.stat that reports ``replacement`` for ``target``, to simulate a swap after stat."""
    real_stat = os.stat

    def fake_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if os.fspath(path) == os.fspath(target):
            return real_stat(replacement)
        return real_stat(path, *args, **kwargs)

    return fake_stat


# --- module ---------------------------------------------------------------------------------------


def test_all_names_exist() -> None:
    for name in sources.__all__:
        assert hasattr(sources, name), name


def test_max_bytes_below_one_raises() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        encode_logo_svg(SVG_TEXT, max_bytes=0)


def test_repr_omits_most_data() -> None:
    logo = LogoBytes(data=b"<svg>" + b"x" * 100_000 + b"</svg>", source="logo_svg", label="logo_svg")

    text = repr(logo)

    assert len(text) < 300
    assert "size=100011" in text
    assert "logo_svg" in text


# --- load_logo ------------------------------------------------------------------------------------


def test_load_logo_path(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")

    logo = load_logo(logo_path=str(path), logo_base64=None, logo_svg=None, max_bytes=LIMIT)

    assert logo.data == SVG
    assert logo.source == "logo_path"
    assert logo.label == str(path.resolve())


def test_load_logo_base64() -> None:
    text = base64.b64encode(SVG).decode()

    logo = load_logo(logo_path=None, logo_base64=text, logo_svg=None, max_bytes=LIMIT)

    assert logo.data == SVG
    assert logo.source == "logo_base64"
    assert logo.label == "logo_base64"


def test_load_logo_svg() -> None:
    logo = load_logo(logo_path=None, logo_base64=None, logo_svg=SVG_TEXT, max_bytes=LIMIT)

    assert logo.data == SVG
    assert logo.source == "logo_svg"
    assert logo.label == "logo_svg"


def test_load_logo_forwards_path_options(tmp_path: Path) -> None:
    write_svg(tmp_path / "logos" / "logo.svg")

    logo = load_logo(
        logo_path="logos/logo.svg",
        logo_base64=None,
        logo_svg=None,
        max_bytes=LIMIT,
        allowed_dirs=[tmp_path / "logos"],
        cwd=tmp_path,
    )

    assert logo.data == SVG


def test_load_logo_none_given() -> None:
    with pytest.raises(InvalidArguments) as caught:
        load_logo(logo_path=None, logo_base64=None, logo_svg=None, max_bytes=LIMIT)

    error = caught.value
    assert "No logo was given" in error.message
    assert "logo_path, logo_base64 or logo_svg" in error.message
    assert error.hint is not None
    assert "machine the MCP server runs on" in error.hint
    assert "data:image/svg+xml" in error.hint
    assert "markup" in error.hint


def test_load_logo_empty_strings_count_as_missing() -> None:
    with pytest.raises(InvalidArguments) as caught:
        load_logo(logo_path="", logo_base64="  \n", logo_svg="", max_bytes=LIMIT)

    assert "No logo was given" in caught.value.message
    assert caught.value.hint is not None
    assert "whitespace-only values count as not given" in caught.value.hint


def test_load_logo_ignores_empty_strings() -> None:
    logo = load_logo(logo_path="", logo_base64="", logo_svg=SVG_TEXT, max_bytes=LIMIT)

    assert logo.source == "logo_svg"


def test_load_logo_two_given(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")

    with pytest.raises(InvalidArguments) as caught:
        load_logo(logo_path=str(path), logo_base64=None, logo_svg=SVG_TEXT, max_bytes=LIMIT)

    error = caught.value
    assert "logo_path and logo_svg" in error.message
    assert "Only one logo source" in error.message
    assert error.hint is not None
    assert "Keep one of them" in error.hint


def test_load_logo_three_given() -> None:
    with pytest.raises(InvalidArguments) as caught:
        load_logo(logo_path="a.svg", logo_base64="QQ", logo_svg=SVG_TEXT, max_bytes=LIMIT)

    assert "logo_path and logo_base64 and logo_svg" in caught.value.message


# --- read_logo_file: reading ----------------------------------------------------------------------


def test_file_read(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")

    logo = read_logo_file(str(path), max_bytes=LIMIT)

    assert logo.data == SVG
    assert logo.source == "logo_path"
    assert logo.label == str(path.resolve())


def test_file_svgz_stays_compressed(tmp_path: Path) -> None:
    source = CORPUS / "cases" / "11-svgz-gzip.svgz"
    path = write_svg(tmp_path / "logo.svgz", source.read_bytes())

    logo = read_logo_file(str(path), max_bytes=100_000)

    assert logo.data[:2] == b"\x1f\x8b"


def test_file_unchanged_after_read(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = path.stat()

    read_logo_file(str(path), max_bytes=LIMIT)

    after = path.stat()
    assert path.read_bytes() == SVG
    assert after.st_mtime_ns == before.st_mtime_ns
    assert after.st_size == before.st_size
    assert after.st_mode == before.st_mode


def test_file_relative_to_cwd(tmp_path: Path) -> None:
    write_svg(tmp_path / "sub" / "logo.svg")

    logo = read_logo_file("sub/logo.svg", max_bytes=LIMIT, cwd=tmp_path)

    assert logo.data == SVG
    assert logo.label == str((tmp_path / "sub" / "logo.svg").resolve())


def test_file_relative_to_process_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_svg(tmp_path / "logo.svg")
    monkeypatch.chdir(tmp_path)

    logo = read_logo_file("logo.svg", max_bytes=LIMIT)

    assert logo.data == SVG


def test_file_tilde_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_svg(tmp_path / "logo.svg")
    monkeypatch.setenv("HOME", str(tmp_path))

    logo = read_logo_file("~/logo.svg", max_bytes=LIMIT)

    assert logo.data == SVG


def test_file_symlink_resolved(tmp_path: Path) -> None:
    target = write_svg(tmp_path / "real" / "logo.svg")
    link = tmp_path / "link.svg"
    link.symlink_to(target)

    logo = read_logo_file(str(link), max_bytes=LIMIT)

    assert logo.data == SVG
    assert logo.label == str(target.resolve())


def test_file_at_limit_accepted(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")

    logo = read_logo_file(str(path), max_bytes=len(SVG))

    assert logo.data == SVG


# --- read_logo_file: errors -----------------------------------------------------------------------


def test_file_not_found_relative(tmp_path: Path) -> None:
    with pytest.raises(LogoNotFound) as caught:
        read_logo_file("missing.svg", max_bytes=LIMIT, cwd=tmp_path)

    error = caught.value
    assert "'missing.svg'" in error.message
    assert str(tmp_path / "missing.svg") in error.message
    assert "server's working directory" in error.message
    assert error.hint is not None
    assert "absolute path" in error.hint


def test_file_not_found_absolute(tmp_path: Path) -> None:
    path = tmp_path / "missing.svg"

    with pytest.raises(LogoNotFound) as caught:
        read_logo_file(str(path), max_bytes=LIMIT)

    assert str(path) in caught.value.message
    assert "working directory" not in caught.value.message


def test_file_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.svg"
    link.symlink_to(tmp_path / "gone.svg")

    with pytest.raises(LogoNotFound) as caught:
        read_logo_file(str(link), max_bytes=LIMIT)

    assert "resolved to" in caught.value.message
    assert "gone.svg" in caught.value.message


def test_file_below_regular_file(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")

    with pytest.raises(LogoNotFound) as caught:
        read_logo_file(str(path / "inner.svg"), max_bytes=LIMIT)

    assert "is a file, not a directory" in caught.value.message


def test_file_whitespace_typo_hint(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")

    with pytest.raises(LogoNotFound) as caught:
        read_logo_file(f"{path} ", max_bytes=LIMIT)

    assert caught.value.hint is not None
    assert "ends with whitespace" in caught.value.hint


def test_file_quote_typo_hint(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")

    with pytest.raises(LogoNotFound) as caught:
        read_logo_file(f"'{path}'", max_bytes=LIMIT, cwd=tmp_path)

    assert caught.value.hint is not None
    assert "quote" in caught.value.hint


def test_file_markup_as_path_hint(tmp_path: Path) -> None:
    with pytest.raises(LogoNotFound) as caught:
        read_logo_file("<svg/>", max_bytes=LIMIT, cwd=tmp_path)

    assert caught.value.hint is not None
    assert "logo_svg" in caught.value.hint


def test_file_directory_rejected(tmp_path: Path) -> None:
    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(tmp_path), max_bytes=LIMIT)

    error = caught.value
    assert str(tmp_path) in error.message
    assert "is a directory" in error.message
    assert error.hint is not None
    assert ".svg file inside" in error.hint


@needs_fifo
def test_file_fifo_rejected_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "logo.svg"
    os.mkfifo(fifo)

    # No writer ever opens the FIFO, so a blocking open or read would hang here.
    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(fifo), max_bytes=LIMIT)

    error = caught.value
    assert "FIFO" in error.message
    assert str(fifo) in error.message
    assert error.hint is not None
    assert "regular .svg file" in error.hint


@needs_fifo
def test_file_fifo_swapped_after_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "logo.svg"
    os.mkfifo(fifo)
    regular = write_svg(tmp_path / "other.svg")
    # os.stat reports a regular file, as if the FIFO had been swapped in just after the check.
    monkeypatch.setattr(os, "stat", fake_stat_for(fifo.resolve(), regular))

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(fifo), max_bytes=LIMIT)

    assert "FIFO" in caught.value.message


def test_file_swapped_after_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_svg(tmp_path / "logo.svg")
    other = write_svg(tmp_path / "other.svg")
    monkeypatch.setattr(os, "stat", fake_stat_for(path.resolve(), other))

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(path), max_bytes=LIMIT)

    assert "replaced by another file" in caught.value.message


def test_file_device_rejected() -> None:
    if not Path("/dev/null").exists():
        pytest.skip("/dev/null does not exist")

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file("/dev/null", max_bytes=LIMIT)

    assert "character device" in caught.value.message


def test_file_permission_denied(tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can read a file with mode 000")
    path = write_svg(tmp_path / "logo.svg")
    path.chmod(0)

    try:
        with pytest.raises(LogoUnreadable) as caught:
            read_logo_file(str(path), max_bytes=LIMIT)
    finally:
        path.chmod(0o644)

    assert "permission denied" in caught.value.message
    assert str(path) in caught.value.message


def test_file_permission_error_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: os.open fails the way it does for a user without read permission.
    path = write_svg(tmp_path / "logo.svg")

    def deny(*args: Any, **kwargs: Any) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", deny)

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(path), max_bytes=LIMIT)

    error = caught.value
    assert "permission denied" in error.message
    assert str(path) in error.message
    assert error.hint is not None
    assert "readable by the user the MCP server runs as" in error.hint


def test_file_too_large(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg", b"<svg>" + b" " * 2000 + b"</svg>")

    with pytest.raises(InvalidLogo) as caught:
        read_logo_file(str(path), max_bytes=LIMIT)

    error = caught.value
    assert str(path) in error.message
    assert "2011 bytes" in error.message
    assert f"limit of {LIMIT} bytes" in error.message
    assert error.hint is not None
    assert "svgo" in error.hint


def test_read_cap_cuts_off_growing_file(tmp_path: Path) -> None:
    # The stat check passed earlier, but by the time of the read the file contains more than the limit.
    path = write_svg(tmp_path / "logo.svg", b"x" * (LIMIT + 5000))
    fd = os.open(path, os.O_RDONLY)

    try:
        with pytest.raises(InvalidLogo) as caught:
            _read_at_most(fd, LIMIT, "logo_path 'logo.svg'")
        position = os.lseek(fd, 0, os.SEEK_CUR)
    finally:
        os.close(fd)

    assert position == LIMIT + 1
    assert "grew past the limit" in caught.value.message
    assert "logo_path 'logo.svg'" in caught.value.message


def test_read_cap_returns_whole_small_file(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "logo.svg")
    fd = os.open(path, os.O_RDONLY)

    try:
        data = _read_at_most(fd, len(SVG), "logo_path")
    finally:
        os.close(fd)

    assert data == SVG


def test_file_empty_path() -> None:
    with pytest.raises(InvalidArguments) as caught:
        read_logo_file("  ", max_bytes=LIMIT)

    assert "logo_path is empty" in caught.value.message


def test_file_nul_byte() -> None:
    with pytest.raises(InvalidArguments) as caught:
        read_logo_file("/tmp/logo\0.svg", max_bytes=LIMIT)

    error = caught.value
    assert "NUL character at position 9" in error.message
    assert error.hint is not None
    assert "without the NUL" in error.hint


def test_file_name_too_long(tmp_path: Path) -> None:
    path = tmp_path / ("a" * 5000 + ".svg")

    with pytest.raises(InvalidArguments) as caught:
        read_logo_file(str(path), max_bytes=LIMIT)

    error = caught.value
    assert "too long" in error.message
    assert "characters)" in error.message
    assert len(error.message) < 1000
    assert error.hint is not None
    assert "shorter path" in error.hint


def test_file_symlink_loop(tmp_path: Path) -> None:
    first = tmp_path / "a.svg"
    second = tmp_path / "b.svg"
    first.symlink_to(second)
    second.symlink_to(first)

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(first), max_bytes=LIMIT)

    assert "loop of symbolic links" in caught.value.message


# --- read_logo_file: allowed directories ----------------------------------------------------------


def test_allowed_dir_inside(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    path = write_svg(allowed / "deep" / "logo.svg")

    logo = read_logo_file(str(path), max_bytes=LIMIT, allowed_dirs=[allowed])

    assert logo.data == SVG


def test_allowed_dir_second_entry(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "b" / "logo.svg")

    logo = read_logo_file(str(path), max_bytes=LIMIT, allowed_dirs=[tmp_path / "a", tmp_path / "b"])

    assert logo.data == SVG


def test_allowed_dir_outside(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    path = write_svg(tmp_path / "elsewhere" / "logo.svg")

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(path), max_bytes=LIMIT, allowed_dirs=[allowed])

    error = caught.value
    assert str(path) in error.message
    assert "outside the directories" in error.message
    assert str(allowed.resolve()) in error.message
    assert error.hint is not None
    assert "CDE_MCP_ALLOWED_DIRS" in error.hint
    assert "Move or copy" in error.hint


def test_allowed_dir_prefix_is_not_inside(tmp_path: Path) -> None:
    allowed = tmp_path / "logos"
    allowed.mkdir()
    path = write_svg(tmp_path / "logos-private" / "logo.svg")

    with pytest.raises(LogoUnreadable):
        read_logo_file(str(path), max_bytes=LIMIT, allowed_dirs=[allowed])


def test_allowed_dir_dotdot_escape(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    write_svg(tmp_path / "secret.svg")

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(allowed / ".." / "secret.svg"), max_bytes=LIMIT, allowed_dirs=[allowed])

    assert str((tmp_path / "secret.svg").resolve()) in caught.value.message


def test_allowed_dir_relative_dotdot_escape(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    write_svg(tmp_path / "secret.svg")

    with pytest.raises(LogoUnreadable):
        read_logo_file("../secret.svg", max_bytes=LIMIT, allowed_dirs=[allowed], cwd=allowed)


def test_allowed_dir_symlink_pointing_outside(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    outside = write_svg(tmp_path / "outside" / "logo.svg")
    link = allowed / "logo.svg"
    link.symlink_to(outside)

    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(link), max_bytes=LIMIT, allowed_dirs=[allowed])

    assert f"resolved to {outside.resolve()}" in caught.value.message


def test_allowed_dir_symlinked_directory_outside(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    write_svg(tmp_path / "outside" / "logo.svg")
    (allowed / "sub").symlink_to(tmp_path / "outside", target_is_directory=True)

    with pytest.raises(LogoUnreadable):
        read_logo_file(str(allowed / "sub" / "logo.svg"), max_bytes=LIMIT, allowed_dirs=[allowed])


def test_allowed_dir_symlink_pointing_inside(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    target = write_svg(allowed / "logo.svg")
    link = tmp_path / "link.svg"
    link.symlink_to(target)

    logo = read_logo_file(str(link), max_bytes=LIMIT, allowed_dirs=[allowed])

    assert logo.data == SVG


def test_allowed_dir_itself_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    path = write_svg(real / "logo.svg")
    alias = tmp_path / "alias"
    alias.symlink_to(real, target_is_directory=True)

    logo = read_logo_file(str(path), max_bytes=LIMIT, allowed_dirs=[alias])

    assert logo.data == SVG


def test_allowed_dir_relative_entry(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "allowed" / "logo.svg")

    logo = read_logo_file(str(path), max_bytes=LIMIT, allowed_dirs=[Path("allowed")], cwd=tmp_path)

    assert logo.data == SVG


def test_allowed_dir_hides_existence_outside(tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()

    # A missing file outside is reported like an existing one, so paths outside cannot be probed.
    with pytest.raises(LogoUnreadable) as caught:
        read_logo_file(str(tmp_path / "missing.svg"), max_bytes=LIMIT, allowed_dirs=[allowed])

    assert "outside the directories" in caught.value.message


def test_allowed_dir_empty_allows_any(tmp_path: Path) -> None:
    path = write_svg(tmp_path / "anywhere" / "logo.svg")

    logo = read_logo_file(str(path), max_bytes=LIMIT, allowed_dirs=())

    assert logo.data == SVG


# --- decode_logo_base64 ---------------------------------------------------------------------------


def test_base64_standard() -> None:
    logo = decode_logo_base64(base64.b64encode(SVG).decode(), max_bytes=LIMIT)

    assert logo.data == SVG
    assert logo.source == "logo_base64"


def test_base64_whitespace_and_line_breaks() -> None:
    encoded = base64.b64encode(SVG).decode()
    wrapped = "  " + "\r\n".join(encoded[i : i + 20] for i in range(0, len(encoded), 20)) + "\t\n"

    logo = decode_logo_base64(wrapped, max_bytes=LIMIT)

    assert logo.data == SVG


def test_base64_url_safe_alphabet() -> None:
    data = b"\xfb\xff\xbf" * 4
    encoded = base64.urlsafe_b64encode(data).decode()
    assert "-" in encoded
    assert "_" in encoded

    logo = decode_logo_base64(encoded, max_bytes=LIMIT)

    assert logo.data == data


@pytest.mark.parametrize("text", ["QQ", "QQ=", "QQ==", "QUI", "QUI="])
def test_base64_padding_optional(text: str) -> None:
    logo = decode_logo_base64(text, max_bytes=LIMIT)

    assert logo.data == base64.b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))


def test_base64_data_uri() -> None:
    text = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()

    logo = decode_logo_base64(text, max_bytes=LIMIT)

    assert logo.data == SVG


def test_base64_data_uri_any_case() -> None:
    text = " DATA:Image/SVG+XML;Charset=UTF-8;BASE64," + base64.b64encode(SVG).decode()

    logo = decode_logo_base64(text, max_bytes=LIMIT)

    assert logo.data == SVG


def test_base64_data_uri_percent_encoded() -> None:
    text = "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E"

    logo = decode_logo_base64(text, max_bytes=LIMIT)

    assert logo.data == b'<svg xmlns="http://www.w3.org/2000/svg"/>'


def test_base64_data_uri_percent_too_large() -> None:
    text = "data:image/svg+xml," + "%20" * 400

    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64(text, max_bytes=100)

    assert "at least 400 bytes" in caught.value.message
    assert "limit of 100 bytes" in caught.value.message


def test_base64_data_uri_other_media_type() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("data:image/png;base64,iVBORw0KGgo=", max_bytes=LIMIT)

    error = caught.value
    assert "'image/png'" in error.message
    assert "must be an SVG" in error.message
    assert error.hint is not None
    assert "data:image/svg+xml;base64," in error.hint


def test_base64_data_uri_without_media_type() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("data:;base64,QQ==", max_bytes=LIMIT)

    assert "text/plain" in caught.value.message


def test_base64_data_uri_without_comma() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("data:image/svg+xml;base64 PHN2Zz4=", max_bytes=LIMIT)

    assert "no ','" in caught.value.message


@pytest.mark.parametrize("text", ["", "  \n ", "data:image/svg+xml;base64,", "data:image/svg+xml;base64, \n"])
def test_base64_empty_payload(text: str) -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64(text, max_bytes=LIMIT)

    assert "contains no data" in caught.value.message


def test_base64_data_uri_empty_percent_payload() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("data:image/svg+xml,", max_bytes=LIMIT)

    assert "contains no data" in caught.value.message


def test_base64_bad_character_position() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("PHN2\nZy!4", max_bytes=LIMIT)

    error = caught.value
    assert "'!' (U+0021)" in error.message
    assert "position 7" in error.message
    assert "not a base64 character" in error.message
    assert error.hint is not None
    assert "URL-safe" in error.hint


def test_base64_bad_character_position_in_data_uri() -> None:
    prefix = "data:image/svg+xml;base64,"

    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64(prefix + "PHN2*Zz4=", max_bytes=LIMIT)

    assert f"position {len(prefix) + 4}" in caught.value.message


def test_base64_non_ascii_whitespace_rejected() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("PHN2\u00a0Zz4=", max_bytes=LIMIT)

    assert "U+00A0" in caught.value.message


def test_base64_markup_hint() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64(SVG_TEXT, max_bytes=LIMIT)

    assert "position 0" in caught.value.message
    assert caught.value.hint is not None
    assert "logo_svg" in caught.value.hint


def test_base64_path_hint() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("/home/user/logo.svg", max_bytes=LIMIT)

    assert caught.value.hint is not None
    assert "logo_path" in caught.value.hint


def test_base64_mixed_alphabets() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("ab+cde-f", max_bytes=LIMIT)

    error = caught.value
    assert "'+' at position 2" in error.message
    assert "'-' at position 6" in error.message
    assert "mixes two base64 alphabets" in error.message
    assert error.hint is not None
    assert "base64 -w0" in error.hint


def test_base64_data_after_padding() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("QQ==\nQQ==", max_bytes=LIMIT)

    assert "data after the '=' padding at position 2" in caught.value.message


def test_base64_too_much_padding() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("QUJD=", max_bytes=LIMIT)

    assert "1 padding character" in caught.value.message
    assert "need at most 0" in caught.value.message


def test_base64_truncated_length() -> None:
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("QUJDR", max_bytes=LIMIT)

    assert "5 base64 characters" in caught.value.message
    assert "cut off" in caught.value.message


def test_base64_at_limit_accepted() -> None:
    data = b"x" * 300

    logo = decode_logo_base64(base64.b64encode(data).decode(), max_bytes=300)

    assert logo.data == data


def test_base64_too_large() -> None:
    text = base64.b64encode(b"x" * 301).decode()

    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64(text, max_bytes=300)

    error = caught.value
    assert "301 bytes" in error.message
    assert "limit of 300 bytes" in error.message
    assert error.hint is not None
    assert "svgo" in error.hint


def test_base64_size_checked_before_validation() -> None:
    # The text is invalid, but its length alone rejects it before its characters are checked.
    with pytest.raises(InvalidLogo) as caught:
        decode_logo_base64("!" * 4000, max_bytes=LIMIT)

    assert "3000 bytes" in caught.value.message


@pytest.mark.parametrize("name", ["15-datauri-b64-linebreaks.b64", "17-datauri-charset-param.b64"])
def test_base64_corpus_case(name: str) -> None:
    text = (CORPUS / "cases" / name).read_text(encoding="ascii")

    logo = decode_logo_base64(text, max_bytes=LIMIT)

    assert logo.data.startswith(b"<svg ")
    assert logo.data.rstrip().endswith(b"</svg>")
    assert logo.data.decode("utf-8")


# --- encode_logo_svg ------------------------------------------------------------------------------


def test_svg_plain() -> None:
    logo = encode_logo_svg(SVG_TEXT, max_bytes=LIMIT)

    assert logo.data == SVG
    assert logo.source == "logo_svg"


def test_svg_surrounding_whitespace() -> None:
    logo = encode_logo_svg(f"\n\t {SVG_TEXT} \n", max_bytes=LIMIT)

    assert logo.data == SVG


def test_svg_byte_order_mark_removed() -> None:
    logo = encode_logo_svg(f"\ufeff{SVG_TEXT}", max_bytes=LIMIT)

    assert logo.data == SVG


def test_svg_non_ascii_encoded_as_utf8() -> None:
    logo = encode_logo_svg("<svg><title>Café</title></svg>", max_bytes=LIMIT)

    assert logo.data == "<svg><title>Café</title></svg>".encode()


@pytest.mark.parametrize(
    "text",
    [
        f"```svg\n{SVG_TEXT}\n```",
        f"```xml\n{SVG_TEXT}\n```",
        f"```\n{SVG_TEXT}\n```",
        f"~~~\n{SVG_TEXT}\n~~~",
        f"~~~ svg\n{SVG_TEXT}\n~~~",
        f"````svg\n{SVG_TEXT}\n`````",
        f"  ```svg\r\n{SVG_TEXT}\r\n```  \n",
        f"```html\n\n  {SVG_TEXT}\n\n```",
    ],
)
def test_svg_code_fence_removed(text: str) -> None:
    logo = encode_logo_svg(text, max_bytes=LIMIT)

    assert logo.data == SVG


@pytest.mark.parametrize(
    "text",
    [
        f"```svg\n{SVG_TEXT}\n~~~",
        f"````svg\n{SVG_TEXT}\n```",
        f"```svg\n{SVG_TEXT}",
        f"```svg {SVG_TEXT} ```",
    ],
)
def test_svg_unmatched_fence_rejected(text: str) -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg(text, max_bytes=LIMIT)

    assert "instead of '<'" in caught.value.message
    assert caught.value.hint is not None
    assert "code fence" in caught.value.hint


def test_svg_long_backtick_run() -> None:
    # A long run of backticks must not make the fence detection backtrack quadratically.
    with pytest.raises(InvalidLogo):
        encode_logo_svg("```\n" + "`" * 200_000 + "x", max_bytes=1_000_000)


@pytest.mark.parametrize("text", ["", " \n\t", "```svg\n```", "```\n\n```"])
def test_svg_empty(text: str) -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg(text, max_bytes=LIMIT)

    assert "contains no markup" in caught.value.message
    assert caught.value.hint is not None
    assert "<svg" in caught.value.hint


def test_svg_base64_hint() -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg(base64.b64encode(SVG).decode(), max_bytes=LIMIT)

    error = caught.value
    assert "'PHN2Zy" in error.message
    assert "not SVG markup" in error.message
    assert error.hint is not None
    assert "logo_base64" in error.hint


def test_svg_data_uri_hint() -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg("data:image/svg+xml;base64,PHN2Zz4=", max_bytes=LIMIT)

    assert caught.value.hint is not None
    assert "logo_base64" in caught.value.hint


@pytest.mark.parametrize("text", ["/home/user/logo.svg", "~/logo.svg", "logo.svg", "C:\\logos\\logo.svg"])
def test_svg_path_hint(text: str) -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg(text, max_bytes=LIMIT)

    assert caught.value.hint is not None
    assert "logo_path" in caught.value.hint


def test_svg_prose_before_markup_hint() -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg(f"Here is the logo:\n{SVG_TEXT}", max_bytes=LIMIT)

    assert caught.value.hint is not None
    assert "follows other text" in caught.value.hint


def test_svg_at_limit_accepted() -> None:
    logo = encode_logo_svg(SVG_TEXT, max_bytes=len(SVG))

    assert logo.data == SVG


def test_svg_too_large_in_characters() -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg(SVG_TEXT, max_bytes=len(SVG) - 1)

    error = caught.value
    assert f"at least {len(SVG)} bytes" in error.message
    assert f"limit of {len(SVG) - 1} bytes" in error.message
    assert error.hint is not None
    assert "svgo" in error.hint


def test_svg_too_large_once_encoded() -> None:
    text = "<svg>" + "é" * 10 + "</svg>"

    # 21 characters fit the limit, but the 31 UTF-8 bytes do not.
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg(text, max_bytes=25)

    assert "is 31 bytes as UTF-8" in caught.value.message


def test_svg_unpaired_surrogate() -> None:
    with pytest.raises(InvalidLogo) as caught:
        encode_logo_svg("<svg>\ud800</svg>", max_bytes=LIMIT)

    assert "U+D800" in caught.value.message
    assert "position 5" in caught.value.message
