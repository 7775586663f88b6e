"""Read a ``logo_path`` argument: an SVG file on the machine the server runs on."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cde_mcp.errors import InvalidArguments, InvalidLogo, LogoNotFound, LogoUnreadable
from cde_mcp.logo._source_common import _SHRINK_HINT, LogoBytes, _check_max_bytes

__all__ = ["read_logo_file"]

_READ_CHUNK_BYTES = 64 * 1024
_MAX_SHOWN_CHARACTERS = 200

# Flags that only some platforms define. Each is 0 where it does not exist, which leaves it out.
_O_BINARY: int = getattr(os, "O_BINARY", 0)
_O_CLOEXEC: int = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)


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


def _shorten(text: str) -> str:
    # A path or markup of thousands of characters would bury the rest of the message.
    if len(text) <= _MAX_SHOWN_CHARACTERS:
        return text
    half = _MAX_SHOWN_CHARACTERS // 2
    return f"{text[:half]}...{text[-half:]} ({len(text)} characters)"
