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

Each argument has its own private module: ``_file_source`` reads ``logo_path``, ``_base64_source``
decodes ``logo_base64`` and ``_markup_source`` encodes ``logo_svg``. ``_source_common`` contains
`LogoBytes` and the helpers they share. This module re-exports their public names.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from cde_mcp.errors import InvalidArguments
from cde_mcp.logo._base64_source import decode_logo_base64
from cde_mcp.logo._file_source import read_logo_file
from cde_mcp.logo._markup_source import encode_logo_svg
from cde_mcp.logo._source_common import LogoBytes, LogoSourceKind

__all__ = [
    "LogoBytes",
    "LogoSourceKind",
    "decode_logo_base64",
    "encode_logo_svg",
    "load_logo",
    "read_logo_file",
]

logger = logging.getLogger(__name__)

_CHOOSE_SOURCE_HINT = (
    "Use logo_path for an SVG file on the machine the MCP server runs on, logo_base64 for "
    "base64-encoded SVG or a data:image/svg+xml URI, or logo_svg for the SVG markup itself "
    "(text that starts with '<'). Empty or whitespace-only values count as not given."
)


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
