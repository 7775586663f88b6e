"""The sandbox's SVG check: what counts as SVG, and that it resolves no entities."""

from __future__ import annotations

import pytest

from cde_mcp.sandbox._svg import is_svg

SVG_11_DOCTYPE = (
    b'<?xml version="1.0" standalone="no"?>\n'
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" version="1.1"/>'
)
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    b"<svg>&c;</svg>"
)


@pytest.mark.parametrize(
    "payload",
    [
        b"<svg/>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
        b'<?xml version="1.0" encoding="UTF-8"?>\n<svg/>',
        b"\xef\xbb\xbf<svg/>",
        "<svg/>".encode("utf-16"),
        b'<?xml version="1.0" encoding="ISO-8859-1"?><svg>\xe9</svg>',
        b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>',
        b"<!-- made by hand -->\n<svg/>\n",
        SVG_11_DOCTYPE,
    ],
    ids=["bare", "namespaced", "declaration", "bom", "utf-16", "latin-1", "prefixed", "comment", "doctype"],
)
def test_svg_accepted(payload: bytes) -> None:
    assert is_svg(payload) is True


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"   ",
        b"<html/>",
        b"<svgx/>",
        b"<svg>",
        b"<svg/><svg/>",
        b"<svg>\xff</svg>",
        b"<svg>\x00</svg>",
        b"\x89PNG\r\n\x1a\n",
        b'<?xml version="1.0" encoding="Shift_JIS"?><svg/>',
        b'<?xml version="1.0" encoding="no-such-codec"?><svg/>',
        b'<!DOCTYPE svg [<!ENTITY logo "x">]><svg/>',
        b'<!DOCTYPE svg [<!ENTITY ext SYSTEM "file:///etc/passwd">]><svg>&ext;</svg>',
        b'<!DOCTYPE svg [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]><svg/>',
        b"<svg>&undefined;</svg>",
        BILLION_LAUGHS,
    ],
    ids=[
        "empty",
        "blank",
        "html",
        "prefix-of-name",
        "unclosed",
        "two-roots",
        "invalid-utf-8",
        "nul",
        "png",
        "multibyte-codec",
        "unknown-codec",
        "internal-entity",
        "external-entity",
        "parameter-entity",
        "undefined-entity",
        "billion-laughs",
    ],
)
def test_non_svg_rejected(payload: bytes) -> None:
    assert is_svg(payload) is False
