"""The XML layer: DOCTYPE and entities, processing instructions, comments, well-formedness, limits, the root."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.logo._xml import MAX_DEPTH, MAX_ELEMENTS, MAX_ENTITY_EXPANSION_CHARS
from cde_mcp.logo.checks import inspect_logo

Findings = Callable[[bytes], list[tuple[str, str]]]
ROOT = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
SVG11 = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"'


def document(prolog: str, body: str = '<rect width="10" height="10"/>') -> bytes:
    return f'<?xml version="1.0"?>\n{prolog}\n{ROOT}{body}</svg>'.encode()


# DOCTYPE ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doctype",
    [
        pytest.param(SVG11 + ">", id="svg-1.1"),
        pytest.param(SVG11.replace("http://", "https://") + ">", id="svg-1.1-https"),
        pytest.param(
            '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" '
            '"http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd">',
            id="svg-1.0",
        ),
        pytest.param(
            '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 20010904//EN" '
            '"http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd">',
            id="svg-1.0-dated-id",
        ),
        pytest.param("<!DOCTYPE svg>", id="no-external-id"),
    ],
)
def test_standard_doctype_accepted(doctype: str, findings: Findings) -> None:
    assert findings(document(doctype)) == []


@pytest.mark.parametrize(
    "doctype",
    [
        pytest.param('<!DOCTYPE svg SYSTEM "http://attacker.example/svg.dtd">', id="system"),
        pytest.param('<!DOCTYPE svg SYSTEM "svg11.dtd">', id="relative-system"),
        pytest.param(
            '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://attacker.example/svg11.dtd">', id="svg-id-other-url"
        ),
        pytest.param('<!DOCTYPE svg PUBLIC "-//Evil//DTD//EN" "http://www.w3.org/x.dtd">', id="unknown-public-id"),
        pytest.param(SVG11.replace("http://", "file://") + ">", id="file-scheme"),
    ],
)
def test_other_external_dtd_rejected(doctype: str, findings: Findings) -> None:
    assert findings(document(doctype)) == [("external DTD", "line 2")]


# Entities -----------------------------------------------------------------------------------------


def test_illustrator_entities_expanded(findings: Findings) -> None:
    prolog = (
        SVG11 + ' [\n<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">\n<!ENTITY st0 "fill:#010101;">\n]>'
    )
    data = document(prolog, '<g xmlns:i="&ns_ai;" i:extraneous="self" style="&st0;"><path d="M0 0h1"/></g>')
    assert findings(data) == []


def test_entity_expanding_to_script_url_is_checked(findings: Findings) -> None:
    data = document('<!DOCTYPE svg [<!ENTITY u "javascript:alert(1)">]>', '<a href="&u;"/>')
    assert findings(data) == [("javascript: URL", "svg/a@href")]


@pytest.mark.parametrize(
    ("declaration", "construct"),
    [
        pytest.param('<!ENTITY x SYSTEM "file:///etc/passwd">', "external entity", id="system"),
        pytest.param('<!ENTITY x PUBLIC "-//x//EN" "http://a.example/x">', "external entity", id="public"),
        pytest.param('<!NOTATION png SYSTEM "png"><!ENTITY x SYSTEM "a.png" NDATA png>', "external entity", id="ndata"),
        pytest.param('<!ENTITY % p "x">', "parameter entity", id="parameter"),
        pytest.param('<!ENTITY a "ha"><!ENTITY x "&a;&a;">', "nested entity", id="nested"),
        pytest.param('<!ENTITY x "&#38;a;">', "nested entity", id="nested-by-char-ref"),
        pytest.param('<!ENTITY x "<script>alert(1)</script>">', "markup in entity", id="markup"),
        pytest.param('<!ENTITY x "&#60;script&#62;">', "markup in entity", id="markup-by-char-ref"),
    ],
)
def test_unsafe_entity_declaration_rejected(declaration: str, construct: str, findings: Findings) -> None:
    data = document(f"<!DOCTYPE svg [\n{declaration}\n]>", "<title>&x;</title>")
    assert (construct, "line 3") in findings(data)


def test_entity_expansion_capped_before_parsing_elements(findings: Findings) -> None:
    value = "x" * 10_000
    references = "&big;" * (MAX_ENTITY_EXPANSION_CHARS // len(value) + 1)
    data = document(f'<!DOCTYPE svg [<!ENTITY big "{value}">]>', f"<title>{references}</title>")
    assert findings(data) == [("entity expansion limit", "line 2")]


def test_entity_expansion_in_attributes_capped(findings: Findings) -> None:
    value = "x" * 10_000
    references = "&big;" * (MAX_ENTITY_EXPANSION_CHARS // len(value) + 1)
    data = document(f'<!DOCTYPE svg [<!ENTITY big "{value}">]>', f'<g class="{references}"/>')
    assert findings(data) == [("entity expansion limit", "line 2")]


def test_redeclared_entity_counts_first_value(findings: Findings) -> None:
    value = "x" * 10_000
    references = "&big;" * (MAX_ENTITY_EXPANSION_CHARS // len(value) + 1)
    data = document(f'<!DOCTYPE svg [<!ENTITY big "{value}"><!ENTITY big "">]>', f"<title>{references}</title>")
    assert findings(data) == [("entity expansion limit", "line 2")]


def test_html_entity_name_rejected(findings: Findings) -> None:
    assert findings(document("", "<title>A&nbsp;B</title>")) == [("undefined entity", "line 3")]


def test_undeclared_entity_with_svg_dtd_rejected(findings: Findings) -> None:
    assert findings(document(SVG11 + ">", "<title>A&nbsp;B</title>")) == [("undefined entity", "line 3")]


def test_attribute_default_declaration_rejected(findings: Findings) -> None:
    data = document('<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>')
    assert ("DTD declaration", "line 2") in findings(data)
    assert ("event-handler attribute", "svg@onload") in findings(data)


@pytest.mark.parametrize("declaration", ["<!ELEMENT svg ANY>", '<!NOTATION n SYSTEM "n">'])
def test_other_declarations_rejected(declaration: str, findings: Findings) -> None:
    assert findings(document(f"<!DOCTYPE svg [{declaration}]>")) == [("DTD declaration", "line 2")]


# Processing instructions and comments -------------------------------------------------------------


def test_xml_stylesheet_rejected(findings: Findings) -> None:
    data = document('<?xml-stylesheet type="text/xsl" href="https://attacker.example/t.xsl"?>')
    assert findings(data) == [("xml-stylesheet processing instruction", "line 2")]


@pytest.mark.parametrize("pi", ['<?php echo "x"; ?>', "<?foo bar?>"])
def test_processing_instruction_rejected(pi: str, findings: Findings) -> None:
    assert findings(document("", f"<g>{pi}</g>")) == [("processing instruction", "line 3")]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- <?php system($_GET[1]); ?> -->",
        "<!-- <script>alert(1)</script> -->",
        "<!--><img src=x onerror=alert(1)>-->",
        "<!-- </style> -->",
        "<!-- <!DOCTYPE html> -->",
        "<!-- <% code %> -->",
    ],
)
def test_markup_in_comment_rejected(comment: str, findings: Findings) -> None:
    assert findings(document(comment)) == [("markup in comment", "line 2")]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- Generator: Adobe Illustrator 18.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->",
        "<!-- Created with Inkscape (http://www.inkscape.org/) -->",
        "<!-- a < b, 1<2 -->",
    ],
)
def test_plain_comment_accepted(comment: str, findings: Findings) -> None:
    assert findings(document(comment)) == []


# Well-formedness and limits -----------------------------------------------------------------------


def test_syntax_error_names_line_and_column() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg">\n<text>Acme<br>Corp</text>\n</svg>'
    problem = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems[0]
    assert (problem.kind, problem.location) == ("XML syntax error", "line 2")
    assert "mismatched tag on line 2, column" in problem.message


def test_unbound_prefix_fix_names_xlink(findings: Findings) -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg"><use xlink:href="#a"/></svg>'
    (problem,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert problem.kind == "undeclared namespace prefix"
    assert 'xmlns:xlink="http://www.w3.org/1999/xlink"' in problem.fix


def test_document_without_element_rejected(findings: Findings) -> None:
    assert findings(b'<?xml version="1.0"?>\n<!-- nothing -->\n') == [("no root element", "line 3")]


def test_nesting_depth_capped(findings: Findings) -> None:
    depth = MAX_DEPTH + 1
    data = (ROOT + "<g>" * depth + "</g>" * depth + "</svg>").encode()
    assert findings(data)[0] == ("element nesting too deep", "line 1")


def test_nesting_below_cap_accepted(findings: Findings) -> None:
    depth = MAX_DEPTH - 1
    assert findings((ROOT + "<g>" * depth + "</g>" * depth + "</svg>").encode()) == []


def test_element_count_capped(findings: Findings) -> None:
    data = (ROOT + "<path/>" * MAX_ELEMENTS + "</svg>").encode()
    assert findings(data) == [("too many elements", "line 1")]


# The root element ---------------------------------------------------------------------------------


def test_missing_namespace_fix_is_exact() -> None:
    data = b'<svg viewBox="0 0 24 24"><path d="M2 12h20"/></svg>'
    (problem,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert (problem.kind, problem.location) == ("missing SVG namespace", "svg")
    assert problem.fix == 'Add xmlns="http://www.w3.org/2000/svg" to the root element.'


@pytest.mark.parametrize(
    ("data", "construct", "location"),
    [
        (b'<SVG xmlns="http://www.w3.org/2000/svg"/>', "root element case", "SVG"),
        (b"<html><body/></html>", "HTML document", "html"),
        (b'<svg xmlns="http://www.w3.org/1999/xhtml"/>', "wrong root namespace", "svg"),
        (b'<x:svg xmlns:x="urn:not-svg"/>', "wrong root namespace", "x:svg"),
        (b'<rect xmlns="http://www.w3.org/2000/svg"/>', "root element not svg", "rect"),
    ],
)
def test_root_must_be_svg(data: bytes, construct: str, location: str, findings: Findings) -> None:
    assert findings(data)[0] == (construct, location)


def test_prefixed_svg_root_accepted(findings: Findings) -> None:
    data = b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><svg:rect width="1"/></svg:svg>'
    assert findings(data) == []
