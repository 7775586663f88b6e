"""Decide whether an SVG logo is safe to upload, and explain each reason to reject it.

A connector logo is shown to users in the Productsup web portal, so it must be an image and nothing
more. :func:`inspect_logo` runs every check and reports all findings; :func:`check_logo` raises
:class:`~cde_mcp.errors.InvalidLogo` for the first one. The checks, in order:

1. Bytes (``_decode``): size limit, ``.svgz`` decompression with an output cap, UTF-8 or UTF-16 text.
2. XML (``_xml``, building the tree of ``_tree``): a safe expat parse that never fetches a DTD or an
   entity, accepts the plain-text entities Adobe Illustrator writes, and stops entity bombs, deep
   nesting and huge element counts. Expat is the parser because its declaration handlers let one
   module vet every DTD construct before it takes effect, and it ships with Python.
3. Structure (``_rules``): the root is ``svg`` in the SVG namespace.
4. Content (``_rules``, ``_html``, ``_references``, ``_css``): script, event handlers,
   ``foreignObject``, HTML, elements inside ``desc`` and ``title``, HTML attributes that load
   things, and unknown SVG elements. Then XInclude, script and external URLs however encoded,
   ``data:`` documents, CSS that loads files or nests too deep, and animations that rewrite links.
   Last, markup hidden in comments or CDATA sections, and ``<use>`` bombs and cycles. Names are
   compared in lower case, as an HTML parser reads them when a page places the logo inline.

Each check keeps its first findings and only counts the rest, and each location and message is cut
to a fixed length, so even a hostile file gets a report of bounded size.

Real exports pass unchanged; the upload differs from the input only for UTF-16 (sent as UTF-8) and
``.svgz`` (sent decompressed), and ``normalizations`` records each change.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re

from pydantic import BaseModel, Field

from cde_mcp.errors import InvalidLogo
from cde_mcp.logo._decode import decode_logo
from cde_mcp.logo._findings import MAX_LOCATION_CHARS as _MAX_LOCATION_CHARS
from cde_mcp.logo._findings import MAX_MESSAGE_CHARS as _MAX_MESSAGE_CHARS
from cde_mcp.logo._findings import Finding, clip, clip_tail, excerpt
from cde_mcp.logo._rules import content_findings, root_findings
from cde_mcp.logo._xml import parse_svg

__all__ = [
    "MAX_ASPECT_RATIO",
    "MAX_LISTED_PROBLEMS",
    "LogoInspection",
    "LogoProblem",
    "check_logo",
    "inspect_logo",
]

logger = logging.getLogger(__name__)

MAX_ASPECT_RATIO = 2.0
MAX_LISTED_PROBLEMS = 100
# Unambiguous on purpose: width and height come from the logo, and a backtracking pattern would let a
# long run of digits stall the check.
_LENGTH = re.compile(r"((?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)(?:px)?")
_MAX_NUMBER_CHARS = 64  # longer widths, heights and viewBox numbers are not read for warnings
_VIEW_BOX_SEPARATOR = re.compile(r"[\s,]+")
_MAX_KIND_CHARS = 80


class LogoProblem(BaseModel, frozen=True):
    """One reason a logo is rejected."""

    location: str = Field(description='Element path such as "svg/g[2]/a@href", "line 3", or "document".')
    kind: str = Field(description='Short name of the construct found, such as "script element".')
    message: str = Field(description="One sentence: what was found, where, why it is rejected, and the fix.")
    fix: str = Field(description="The fix on its own, as a sentence.")


class LogoInspection(BaseModel, frozen=True):
    """The outcome of checking one logo: the verdict, the findings and the facts of the file."""

    valid: bool
    problems: tuple[LogoProblem, ...] = Field(default=(), description="Empty when the logo is valid.")
    warnings: tuple[str, ...] = Field(default=(), description="Advice that does not block the upload.")
    normalizations: tuple[str, ...] = Field(default=(), description="Changes made to the bytes to upload.")
    upload: bytes | None = Field(default=None, exclude=True, repr=False, description="Bytes to upload if valid.")
    size_bytes: int = Field(description="Size of the upload when valid, else of the input.")
    sha256: str = Field(description="Hex SHA-256 of the upload when valid, else of the input.")
    width: str | None = Field(default=None, description="The root element's width, as written.")
    height: str | None = Field(default=None, description="The root element's height, as written.")
    view_box: str | None = Field(default=None, description="The root element's viewBox, as written.")


def inspect_logo(data: bytes, *, max_bytes: int) -> LogoInspection:
    """Check a logo and return every finding. Raises nothing, whatever the bytes.

    Args:
        data: The logo file as read: SVG, or gzip-compressed SVG (``.svgz``).
        max_bytes: The size limit, applied to the input and to decompressed ``.svgz`` content.
    """
    try:
        return _inspect(bytes(data), max_bytes=max_bytes)
    except Exception:
        # Fail closed: a bug in these checks must reject the logo, not pass it or crash the caller.
        logger.exception("The logo checks failed unexpectedly, so the logo is rejected")
        failure = Finding(
            "document",
            "checker failure",
            "The logo checks stopped on an unexpected error, so the logo is rejected to be safe",
            "export the logo again as plain SVG and retry, and report the file to the maintainers if it fails again",
        )
        return _rejected(data if isinstance(data, bytes) else b"", [failure])


def check_logo(data: bytes, *, max_bytes: int) -> LogoInspection:
    """Check a logo and return the inspection of a valid one.

    Raises:
        InvalidLogo: The logo has at least one problem. The message describes the first one
            with its location and fix, ``hint`` counts the others, and ``details["problems"]``
            lists every problem.
    """
    inspection = inspect_logo(data, max_bytes=max_bytes)
    if inspection.valid:
        return inspection
    first, *others = inspection.problems
    # The message already names the location and the fix, so the hint only points to the other problems.
    hint = None
    if others:
        count = f"{len(others)} more problem{'s' if len(others) > 1 else ''}"
        hint = f"The logo has {count}; validate_connector_logo (or cde-mcp validate) lists them all."
    raise InvalidLogo(
        first.message,
        hint=hint,
        details={"problems": [problem.model_dump() for problem in inspection.problems]},
    )


def _inspect(data: bytes, *, max_bytes: int) -> LogoInspection:
    decoded = decode_logo(data, max_bytes=max_bytes)
    if isinstance(decoded, Finding):
        return _rejected(data, [decoded])

    parsed = parse_svg(decoded.text)
    root = parsed.root
    if root is None:
        return _rejected(data, parsed.findings.kept, total=parsed.findings.count, normalizations=decoded.normalizations)
    root_problems = root_findings(root)
    content = content_findings(root)
    # Each log keeps at least MAX_LISTED_PROBLEMS findings, so these are the first ones in order.
    findings = [*root_problems, *parsed.findings.kept, *content.kept]
    total = len(root_problems) + parsed.findings.count + content.count
    width, height, view_box = root.get("width"), root.get("height"), root.get("viewBox")
    if findings:
        return _rejected(
            data,
            findings,
            total=total,
            normalizations=decoded.normalizations,
            width=width,
            height=height,
            view_box=view_box,
        )
    return LogoInspection(
        valid=True,
        warnings=_warnings(width, height, view_box),
        normalizations=decoded.normalizations,
        upload=decoded.upload,
        size_bytes=len(decoded.upload),
        sha256=hashlib.sha256(decoded.upload).hexdigest(),
        width=width,
        height=height,
        view_box=view_box,
    )


def _rejected(
    data: bytes,
    findings: list[Finding],
    *,
    total: int | None = None,
    normalizations: tuple[str, ...] = (),
    width: str | None = None,
    height: str | None = None,
    view_box: str | None = None,
) -> LogoInspection:
    """Build the inspection of a rejected logo from the first findings and the number found in all."""
    total = len(findings) if total is None else total
    if total > MAX_LISTED_PROBLEMS:
        unlisted = total - MAX_LISTED_PROBLEMS + 1
        findings = [
            *findings[: MAX_LISTED_PROBLEMS - 1],
            Finding(
                "document",
                "more problems",
                f"The logo has {unlisted:,} more problems, which are not listed one by one",
                "fix the problems listed above and check the logo again",
            ),
        ]
    # Every part is cut to a fixed length, whatever names and values the logo contains.
    problems = tuple(
        LogoProblem(
            location=clip_tail(f.location, _MAX_LOCATION_CHARS),
            kind=clip(f.construct, _MAX_KIND_CHARS),
            message=clip(f.message, _MAX_MESSAGE_CHARS),
            fix=clip(f.hint, _MAX_MESSAGE_CHARS),
        )
        for f in findings
    )
    return LogoInspection(
        valid=False,
        problems=problems,
        normalizations=normalizations,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
        view_box=view_box,
    )


def _warnings(width: str | None, height: str | None, view_box: str | None) -> tuple[str, ...]:
    warnings: list[str] = []
    box = _view_box_size(view_box)
    numbers = (_number(width), _number(height))
    if view_box is None:
        size = f"0 0 {numbers[0]} {numbers[1]}" if numbers[0] and numbers[1] else "0 0 WIDTH HEIGHT"
        warnings.append(
            "The root svg element has no viewBox, so the logo may not scale to the space the portal gives it. "
            f'Add viewBox="{size}" to the root element.'
        )
    elif box is None:
        warnings.append(
            f"The viewBox {excerpt(view_box)} is not four numbers with a positive width and height, "
            "so browsers ignore it and the logo may not scale."
        )
    if box is None:
        box = _positive_size(*numbers)
    if box is not None:
        ratio = max(box) / min(box)
        if ratio > MAX_ASPECT_RATIO:
            shape = "wide as it is tall" if box[0] > box[1] else "tall as it is wide"
            warnings.append(
                f"The logo is {ratio:.1f} times as {shape}, so it will look small in the square space "
                "logos usually get. Consider a square version."
            )
    return tuple(warnings)


def _number(length: str | None) -> str | None:
    """Return a plain or px length as its number, written as in the file, or None for other units."""
    text = (length or "").strip()
    match = _LENGTH.fullmatch(text) if len(text) <= _MAX_NUMBER_CHARS else None
    return match.group(1) if match else None


def _view_box_size(view_box: str | None) -> tuple[float, float] | None:
    """Return the width and height of a viewBox, or None unless it is four numbers with positive size."""
    text = (view_box or "").strip()
    parts = _VIEW_BOX_SEPARATOR.split(text) if len(text) <= 4 * _MAX_NUMBER_CHARS else []
    return _positive_size(parts[2], parts[3]) if len(parts) == 4 else None


def _positive_size(width: str | None, height: str | None) -> tuple[float, float] | None:
    """Return width and height as finite positive numbers, or None."""
    try:
        size = (float(width or "nan"), float(height or "nan"))
    except ValueError:
        return None
    return size if all(math.isfinite(value) and value > 0 for value in size) else None
