"""Turn the logo an assistant passes into bytes, before any SVG check runs.

A logo arrives in exactly one of three arguments:

- ``logo_path``: an SVG file on the machine the server runs on, read by `read_logo_file`.
- ``logo_base64``: base64 text or a ``data:`` URI, decoded by `decode_logo_base64`.
- ``logo_svg``: the SVG markup itself, encoded by `encode_logo_svg`.

`load_logo` picks the one that was given. Every function enforces ``max_bytes`` before it reads or
decodes the whole input. None of them checks that the bytes are SVG, because ``cde_mcp.logo.checks``
does that next. Errors are `InvalidArguments`, `InvalidLogo`, `LogoNotFound` and `LogoUnreadable`
from ``cde_mcp.errors``, and each message names the value, the rule it broke and the fix.

The functions are synchronous and block on file I/O, so async callers run them in a worker thread.
"""

from __future__ import annotations

import binascii
import errno
import logging
import os
import re
import stat
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cde_mcp.errors import InvalidArguments, InvalidLogo, LogoNotFound, LogoUnreadable

__all__ = [
    "LogoBytes",
    "LogoSourceKind",
    "decode_logo_base64",
    "encode_logo_svg",
    "load_logo",
    "read_logo_file",
]

logger = logging.getLogger(__name__)

LogoSourceKind = Literal["logo_path", "logo_base64", "logo_svg"]

_REPR_HEAD_BYTES = 32
_READ_CHUNK_BYTES = 64 * 1024
_MAX_SHOWN_CHARACTERS = 200

# Flags that only some platforms define. Each is 0 where it does not exist, which leaves it out.
_O_BINARY: int = getattr(os, "O_BINARY", 0)
_O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)

_ASCII_WHITESPACE = " \t\n\r\f\v"
_DELETE_ASCII_WHITESPACE = str.maketrans("", "", _ASCII_WHITESPACE)
_URL_SAFE_TO_STANDARD = str.maketrans("-_", "+/")

# Any character outside both base64 alphabets, the "=" padding and ASCII whitespace.
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/\-_= \t\n\r\f\v]")
_STANDARD_ONLY = re.compile(r"[+/]")
_URL_SAFE_ONLY = re.compile(r"[-_]")
_LOOKS_LIKE_BASE64 = re.compile(r"[A-Za-z0-9+/\-_= \t\n\r\f\v]{16,}")
_LOOKS_LIKE_WINDOWS_PATH = re.compile(r"[A-Za-z]:[\\/]")

# The opening line of a Markdown code fence: ```svg, ```xml, a bare ``` or ~~~, with any info string.
_OPENING_FENCE = re.compile(r"(`{3,}|~{3,})[^`]*")

_CHOOSE_SOURCE_HINT = (
    "Use logo_path for an SVG file on the machine the MCP server runs on, logo_base64 for "
    "base64-encoded SVG or a data:image/svg+xml URI, or logo_svg for the SVG markup itself "
    "(text that starts with '<'). Empty or whitespace-only values count as not given."
)
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


# --- choosing the source -----------------------------------------------------------------------------


def load_logo(
    *,
    logo_path: str | None,
    logo_base64: str | None,
    logo_svg: str | None,
    max_bytes: int,
    allowed_dirs: Sequence[Path] = (),
    cwd: Path | None = None,
) -> LogoBytes:
    """Load the logo from the one source argument that was given.

    None, an empty string and a whitespace-only string all count as not given, because assistants
    often fill every optional argument with ``""``. The other arguments are passed on to
    `read_logo_file`, `decode_logo_base64` or `encode_logo_svg`.

    Raises:
        InvalidArguments: No source or more than one was given. The hint explains when each one fits.
        CdeMcpError: Any error of the function that loads the chosen source.
    """
    candidates: list[tuple[LogoSourceKind, str | None]] = [
        ("logo_path", logo_path),
        ("logo_base64", logo_base64),
        ("logo_svg", logo_svg),
    ]
    given_sources = [(kind, value) for kind, value in candidates if value is not None and value.strip()]
    if len(given_sources) != 1:
        raise _source_count_error([kind for kind, _ in given_sources])

    kind, value = given_sources[0]
    if kind == "logo_path":
        logo = read_logo_file(value, max_bytes=max_bytes, allowed_dirs=allowed_dirs, cwd=cwd)
    elif kind == "logo_base64":
        logo = decode_logo_base64(value, max_bytes=max_bytes)
    else:
        logo = encode_logo_svg(value, max_bytes=max_bytes)

    logger.debug("Loaded logo from %s (%d bytes)", logo.label, len(logo.data))
    return logo


def _source_count_error(given: list[LogoSourceKind]) -> InvalidArguments:
    if not given:
        return InvalidArguments(
            "No logo was given: pass exactly one of logo_path, logo_base64 or logo_svg.",
            hint=_CHOOSE_SOURCE_HINT,
        )
    return InvalidArguments(
        f"Only one logo source may be given, but {' and '.join(given)} were given.",
        hint=f"Keep one of them and leave the others out. {_CHOOSE_SOURCE_HINT}",
    )


def _check_max_bytes(max_bytes: int) -> None:
    # A programming error, not a user error, so it is a plain ValueError.
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be at least 1, got {max_bytes}")


# --- logo_path ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _LogoPath:
    """The stages of one ``logo_path``, kept together so that every message can name them."""

    given: str
    absolute: Path
    resolved: Path
    relative_to: Path | None

    def describe(self) -> str:
        text = f"logo_path {_shorten(repr(self.given))}"
        if str(self.resolved) != self.given:
            text += f" (resolved to {_shorten(str(self.resolved))})"
        return text


def read_logo_file(
    path: str,
    *,
    max_bytes: int,
    allowed_dirs: Sequence[Path] = (),
    cwd: Path | None = None,
) -> LogoBytes:
    """Read a logo file read-only, rejecting anything but a regular file of at most ``max_bytes``.

    ``~`` is expanded. A relative path is resolved against ``cwd``, which defaults to the server
    process's working directory. MCP clients often start servers in a directory the user does not
    expect, so messages show the absolute path that was tried. Symbolic links are resolved, and
    every check applies to the final path. When ``allowed_dirs`` is not empty, that final path must
    lie inside one of them after their own symbolic links are resolved. Relative entries in
    ``allowed_dirs`` are resolved against the same directory as ``path``. The file is opened with
    ``O_RDONLY``, so it is never modified.

    Raises:
        InvalidArguments: The path is empty, contains a NUL character or is too long for the OS.
        LogoNotFound: Nothing exists at the path.
        LogoUnreadable: The path is outside ``allowed_dirs``, is not a regular file (a directory,
            FIFO, socket or device), cannot be read for lack of permission, or changed while it was
            being opened.
        InvalidLogo: The file is larger than ``max_bytes``, before or while it is read.
    """
    _check_max_bytes(max_bytes)
    logo_path = _resolve_logo_path(path, cwd)

    # Checked before the file is touched, so that paths outside the allowed directories cannot
    # even be probed for existence.
    _check_inside_allowed_dirs(logo_path, allowed_dirs, cwd)

    try:
        before = os.stat(logo_path.resolved)
    except OSError as exc:
        raise _path_os_error(logo_path, exc) from exc
    _check_regular_file(logo_path, before.st_mode)
    _check_file_size(logo_path, before.st_size, max_bytes)

    data = _read_checked_file(logo_path, before, max_bytes)
    return LogoBytes(data=data, source="logo_path", label=str(logo_path.resolved))


def _resolve_logo_path(path: str, cwd: Path | None) -> _LogoPath:
    if not path.strip():
        raise InvalidArguments(
            "logo_path is empty.",
            hint="Pass the absolute path of the SVG file on the machine the MCP server runs on.",
        )
    if "\0" in path:
        # os.stat and realpath raise ValueError on a NUL character, and no file name contains one.
        raise InvalidArguments(
            f"logo_path {_shorten(repr(path))} contains a NUL character at position {path.index(chr(0))}, "
            "which no file name can contain.",
            hint="Pass the path without the NUL character.",
        )

    expanded = Path(os.path.expanduser(path))
    relative_to = None if expanded.is_absolute() else _base_directory(path, cwd)
    absolute = expanded if relative_to is None else relative_to / expanded

    # realpath, unlike normpath, resolves each symbolic link before applying a following "..", so
    # "link/.." ends where the kernel would go, and the result is the file that will be opened.
    resolved = Path(os.path.realpath(absolute))
    return _LogoPath(given=path, absolute=absolute, resolved=resolved, relative_to=relative_to)


def _base_directory(path: str, cwd: Path | None) -> Path:
    if cwd is not None:
        return cwd
    try:
        return Path(os.getcwd())
    except OSError as exc:
        raise LogoNotFound(
            f"logo_path {_shorten(repr(path))} is relative, but the server's working directory no longer exists, "
            "so it cannot be resolved.",
            hint="Pass the absolute path of the SVG file.",
        ) from exc


def _check_inside_allowed_dirs(logo_path: _LogoPath, allowed_dirs: Sequence[Path], cwd: Path | None) -> None:
    if not allowed_dirs:
        return

    # Both sides are real paths, so neither ".." nor a symbolic link can lead out of an allowed
    # directory unnoticed.
    real_dirs = [_real_directory(allowed, cwd) for allowed in allowed_dirs]
    if any(logo_path.resolved.is_relative_to(real_dir) for real_dir in real_dirs):
        return

    listed = ", ".join(str(real_dir) for real_dir in real_dirs)
    raise LogoUnreadable(
        f"{logo_path.describe()} is outside the directories logo_path may read from: {listed}.",
        hint=(
            "Move or copy the SVG file into one of those directories, or add its directory to "
            f"CDE_MCP_ALLOWED_DIRS (entries separated by {os.pathsep!r}) in the MCP server's "
            "environment and restart the server."
        ),
    )


def _real_directory(directory: Path, cwd: Path | None) -> Path:
    expanded = Path(os.path.expanduser(directory))
    if cwd is not None:
        # Joining leaves an absolute entry unchanged.
        expanded = cwd / expanded
    return Path(os.path.realpath(expanded))


def _check_regular_file(logo_path: _LogoPath, mode: int) -> None:
    if stat.S_ISREG(mode):
        return

    if stat.S_ISDIR(mode):
        raise LogoUnreadable(
            f"{logo_path.describe()} is a directory, not a file.",
            hint="Pass the path of the .svg file inside the directory.",
        )
    raise LogoUnreadable(
        f"{logo_path.describe()} is a {_describe_file_type(mode)}, not a regular file.",
        hint=(
            "Pass the path of a regular .svg file. Pipes, sockets and devices are not read, "
            "because reading them can block or never end."
        ),
    )


def _describe_file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "special file"


def _check_file_size(logo_path: _LogoPath, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InvalidLogo(
            f"{logo_path.describe()} is {size} bytes, more than the limit of {max_bytes} bytes.",
            hint=_SHRINK_HINT,
        )


def _read_checked_file(logo_path: _LogoPath, before: os.stat_result, max_bytes: int) -> bytes:
    # O_NONBLOCK: a FIFO swapped in after the stat check opens at once instead of waiting for a
    # writer, and fstat below rejects it. O_NOFOLLOW: the resolved path ends in no symbolic link,
    # so a link found there now was swapped in, and open fails with ELOOP.
    flags = os.O_RDONLY | _O_NONBLOCK | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
    try:
        fd = os.open(logo_path.resolved, flags)
    except OSError as exc:
        raise _path_os_error(logo_path, exc) from exc

    try:
        opened = os.fstat(fd)
        _check_same_file(logo_path, before, opened)
        _check_file_size(logo_path, opened.st_size, max_bytes)
        return _read_at_most(fd, max_bytes, logo_path.describe())
    except OSError as exc:
        raise _path_os_error(logo_path, exc) from exc
    finally:
        os.close(fd)


def _check_same_file(logo_path: _LogoPath, before: os.stat_result, opened: os.stat_result) -> None:
    # The file at the path can be replaced between os.stat and os.open. Comparing the opened
    # descriptor with what was checked rejects a swapped-in FIFO, device or other file.
    # NOTE: a directory earlier in the path can still be swapped for a symbolic link between
    # realpath and os.stat. Both calls then see the same other file, which may be outside allowed_dirs.
    _check_regular_file(logo_path, opened.st_mode)
    if (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
        raise LogoUnreadable(
            f"{logo_path.describe()} was replaced by another file while it was being opened.",
            hint="Pass the path again once nothing else is writing to it.",
        )


def _read_at_most(fd: int, max_bytes: int, label: str) -> bytes:
    """Read ``fd`` to its end, but never more than ``max_bytes + 1`` bytes.

    The stat size check cannot stop a file that grows after it, so this read is capped. A file
    that grew past the limit is cut off after one byte too many and rejected.

    Raises:
        InvalidLogo: The file contains more than ``max_bytes`` bytes. ``label`` names it.
    """
    data = bytearray()
    limit = max_bytes + 1
    while len(data) < limit:
        chunk = os.read(fd, min(_READ_CHUNK_BYTES, limit - len(data)))
        if not chunk:
            break
        data += chunk

    if len(data) > max_bytes:
        raise InvalidLogo(
            f"{label} grew past the limit of {max_bytes} bytes while it was being read.",
            hint=f"Wait until the file is completely written, then pass it again. {_SHRINK_HINT}",
        )
    return bytes(data)


def _path_os_error(logo_path: _LogoPath, exc: OSError) -> InvalidArguments | LogoNotFound | LogoUnreadable:
    described = logo_path.describe()
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return _not_found_error(logo_path, exc)
    if isinstance(exc, PermissionError):
        return LogoUnreadable(
            f"{described} cannot be read: permission denied.",
            hint=(
                "Make the file and the directories above it readable by the user the MCP server "
                "runs as, or pass the markup as logo_svg instead."
            ),
        )
    if exc.errno == errno.ENAMETOOLONG:
        hint = "Pass a shorter path, for example after moving the SVG file to a shallower directory."
        return InvalidArguments(
            f"{described} is too long: the operating system rejects the path or one of its names.",
            hint=_path_typo_hint(logo_path.given) or hint,
        )
    if exc.errno == errno.ELOOP:
        return LogoUnreadable(
            f"{described} cannot be opened, because it is a loop of symbolic links or a symbolic "
            "link was swapped in while it was being opened.",
            hint="Pass the path of the SVG file itself rather than a symbolic link to it.",
        )
    return LogoUnreadable(
        f"{described} cannot be read: {exc.strerror or exc}.",
        hint="Check that the file exists and is readable on the machine the MCP server runs on.",
    )


def _not_found_error(logo_path: _LogoPath, exc: OSError) -> LogoNotFound:
    message = (
        f"logo_path {_shorten(repr(logo_path.given))} was not found: "
        f"no file exists at {_shorten(str(logo_path.absolute))}"
    )
    if logo_path.resolved != logo_path.absolute:
        message += f" (resolved to {_shorten(str(logo_path.resolved))})"
    if isinstance(exc, NotADirectoryError):
        message += ", because a part of the path before the file name is a file, not a directory"
    message += "."
    if logo_path.relative_to is not None:
        message += (
            f" A relative path is resolved against the server's working directory, {logo_path.relative_to}, "
            "which is often not the directory the user expects."
        )

    hint = (
        "Pass the absolute path of the SVG file on the machine the MCP server runs on, or pass the "
        "markup as logo_svg or logo_base64."
    )
    typo = _path_typo_hint(logo_path.given)
    if typo:
        hint = f"{typo} {hint}"
    return LogoNotFound(message, hint=hint)


def _path_typo_hint(path: str) -> str | None:
    stripped = path.strip()
    if stripped.startswith("<"):
        return "The value looks like SVG markup. Pass it as logo_svg instead."
    if stripped.lower().startswith("data:"):
        return "The value is a data: URI. Pass it as logo_base64 instead."
    if path != stripped:
        return "The path starts or ends with whitespace. Remove it unless it is part of the file name."
    if path.startswith(("'", '"')) or path.endswith(("'", '"')):
        return "The path starts or ends with a quote. Pass it without quotes."
    if path.lower().startswith("file:"):
        return "The path is a file: URL. Pass a plain file system path instead."
    return None


# --- logo_base64 -------------------------------------------------------------------------------------


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


# --- logo_svg ----------------------------------------------------------------------------------------


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


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _shorten(text: str) -> str:
    # A path or markup of thousands of characters would bury the rest of the message.
    if len(text) <= _MAX_SHOWN_CHARACTERS:
        return text
    half = _MAX_SHOWN_CHARACTERS // 2
    return f"{text[:half]}...{text[-half:]} ({len(text)} characters)"
