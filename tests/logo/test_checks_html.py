"""The logo as an HTML parser reads it inline: desc and title content, HTML attributes, names in any case."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.logo._references import MAX_RENDERED_ELEMENTS
from cde_mcp.logo.checks import inspect_logo

MakeSvg = Callable[[str], bytes]
Findings = Callable[[bytes], list[tuple[str, str]]]
SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def check(body: str, make_svg: MakeSvg, findings: Findings) -> list[tuple[str, str]]:
    return findings(make_svg(body))


# Elements inside desc and title ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ('<desc><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></desc>', "svg/desc/iframe"),
        ('<title><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/></title>', "svg/title/iframe"),
        ('<desc><link rel="preload" as="image" imagesrcset="https://example.com/a.png 1x"/></desc>', "svg/desc/link"),
        ('<title><a attributionsrc="https://example.com/">x</a></title>', "svg/title/a"),
        ('<desc><form name="getElementById"/></desc>', "svg/desc/form"),
        ('<desc><base target="_blank"/></desc>', "svg/desc/base"),
        ("<g><DESC>Logo<b>bold</b></DESC></g>", "svg/g/DESC/b"),
        ('<desc xmlns="urn:other">x<img/></desc>', "svg/desc/img"),
        (f'<s:title xmlns:s="{SVG_NAMESPACE}"><x:p xmlns:x="urn:x"/></s:title>', "svg/s:title/x:p"),
    ],
)
def test_element_in_desc_or_title_rejected(body: str, location: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert ("element in desc or title", location) in check(body, make_svg, findings)


def test_element_in_desc_message_names_html() -> None:
    data = f'<svg xmlns="{SVG_NAMESPACE}"><desc><iframe/></desc></svg>'.encode()
    problem = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems[0]
    assert problem.kind == "element in desc or title"
    assert "parses as HTML" in problem.message
    assert problem.fix == "Remove the element and keep only plain text in desc."


def test_text_in_desc_and_title_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    body = "<title>Acme &amp; Co. &lt;/&gt;</title><desc>Logo, 2024 <![CDATA[a > b]]> <!-- note --></desc>"
    assert check(body, make_svg, findings) == []


def test_xmp_title_in_metadata_may_hold_elements(make_svg: MakeSvg, findings: Findings) -> None:
    # Illustrator's XMP writes dc:title as an rdf:Alt list; the HTML parser reads "dc:title" as an unknown element.
    body = (
        '<metadata><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>'
        '<rdf:li xml:lang="x-default">Logo</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>'
        "</metadata>"
    )
    assert check(body, make_svg, findings) == []


# HTML attributes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "srcdoc", "srcset", "imagesrcset", "attributionsrc", "formaction", "action", "background", "ping",
        "poster", "lowsrc", "dynsrc", "SRCDOC", "x:srcset",
    ],
)  # fmt: skip
@pytest.mark.parametrize("value", ["#logo", "", "https://example.com/a.png"])
def test_html_attribute_rejected_whatever_value(name: str, value: str, make_svg: MakeSvg, findings: Findings) -> None:
    body = f'<g xmlns:x="urn:x"><rect id="logo"/><rect {name}="{value}"/></g>'
    assert check(body, make_svg, findings) == [("HTML attribute", f"svg/g/rect[2]@{name}")]


def test_srcset_starting_with_fragment_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    # Read as one URL with its spaces removed, this value starts with "#" and looked like a fragment.
    body = '<image srcset="#a 1x, https://example.com/b.png 2x"/>'
    assert check(body, make_svg, findings) == [("HTML attribute", "svg/image@srcset")]


# Unknown SVG elements -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ('<iframe src="#"/>', "svg/iframe"),
        ('<g><form name="x"/></g>', "svg/g/form"),
        ('<base href="#"/>', "svg/base"),
        ("<IFRAME/>", "svg/IFRAME"),
        (f'<s:frame xmlns:s="{SVG_NAMESPACE}"/>', "svg/s:frame"),
        ("<flowRootX/>", "svg/flowRootX"),
    ],
)
def test_unknown_svg_element_rejected(body: str, location: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert check(body, make_svg, findings) == [("unknown SVG element", location)]


def test_svg_elements_accepted_in_any_case(make_svg: MakeSvg, findings: Findings) -> None:
    body = (
        '<defs><LINEARGRADIENT id="g"><stop offset="0"/></LINEARGRADIENT><clippath id="c"><rect/></clippath>'
        '<filter id="f"><feDropShadow dx="1"/><feGaussianBlur stdDeviation="1"/></filter>'
        '<meshgradient id="m"><meshrow><meshpatch><stop/></meshpatch></meshrow></meshgradient></defs>'
        "<switch><g/></switch><flowRoot><flowRegion><rect/></flowRegion><flowPara>A</flowPara></flowRoot>"
        "<text><textPath>A</textPath></text><view/><symbol/><marker/><mask/><pattern/>"
    )
    assert check(body, make_svg, findings) == []


def test_unprefixed_editor_elements_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    # Illustrator writes its slice data in a default namespace of its own.
    body = (
        '<metadata><sfw xmlns="http://ns.adobe.com/SaveForWeb/1.0/"><slices/>'
        '<sliceSourceBounds bottomLeftOrigin="true" height="10" width="10" x="0" y="0"/></sfw></metadata>'
    )
    assert check(body, make_svg, findings) == []


# Names in any case ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<a href="#"><set ATTRIBUTENAME="href" TO="javascript:alert(1)"/></a>',
            [("animation of href", "svg/a/set@ATTRIBUTENAME"), ("javascript: URL", "svg/a/set@TO")],
        ),
        (
            '<a href="#"><SET attributename="HREF" to="#b"/></a>',
            [("animation of href", "svg/a/SET@attributename")],
        ),
        (
            # The SVG viewer reads attributeName="fill", the HTML parser the first of the two: "href".
            '<a href="#"><set ATTRIBUTENAME="href" attributeName="fill" to="#b"/></a>',
            [("animation of href", "svg/a/set@ATTRIBUTENAME")],
        ),
        (
            '<rect><Animate AttributeName="ONCLICK" Values="alert(1)"/></rect>',
            [("animation of event handler", "svg/rect/Animate@AttributeName")],
        ),
    ],
)
def test_animation_names_in_any_case(
    body: str, expected: list[tuple[str, str]], make_svg: MakeSvg, findings: Findings
) -> None:
    assert check(body, make_svg, findings) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<STYLE>@import 'x.css';</STYLE>", ("CSS @import", "svg/STYLE")),
        ("<Style><![CDATA[ .a{fill:url(https://example.com/p)} ]]></Style>", ("external URL", "svg/Style")),
        ("<FOREIGNOBJECT/>", ("foreignObject element", "svg/FOREIGNOBJECT")),
        ('<Image HREF="https://example.com/a.png"/>', ("external URL", "svg/Image@HREF")),
        ('<rect STYLE="fill:url(https://example.com/p)"/>', ("external URL", "svg/rect@STYLE")),
        ('<rect OnClick="alert(1)"/>', ("event-handler attribute", "svg/rect@OnClick")),
    ],
)
def test_other_rules_compare_names_in_any_case(
    body: str, expected: tuple[str, str], make_svg: MakeSvg, findings: Findings
) -> None:
    assert check(body, make_svg, findings) == [expected]


def test_uppercase_embedded_png_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    assert check('<IMAGE HREF="data:image/png;base64,AAAA"/>', make_svg, findings) == []


def test_uppercase_use_chain_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    levels = ['<circle ID="n0" r="1"/>']
    levels += [f'<g ID="n{i}"><USE HREF="#n{i - 1}"/><USE HREF="#n{i - 1}"/></g>' for i in range(1, 40)]
    body = f'<defs>{"".join(levels)}</defs><USE HREF="#n39"/>'
    assert ("use expansion limit", "svg/USE") in check(body, make_svg, findings)


def test_use_chain_behind_id_decoy_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    # Each "#nI" names an empty decoy for the HTML parser (ID= comes first) but the real group for
    # an SVG viewer (id=), so both targets must count.
    levels = ['<circle id="n0" r="1"/>']
    for i in range(1, 25):
        levels.append(f'<g ID="n{i}"/><g id="n{i}"><use href="#n{i - 1}"/><use href="#n{i - 1}"/></g>')
    body = f'<defs>{"".join(levels)}</defs><use href="#n24"/>'
    assert MAX_RENDERED_ELEMENTS < 2**24
    assert check(body, make_svg, findings) == [("use expansion limit", "svg/use")]


def test_uppercase_encoded_use_chain_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    levels = ['<circle ID="n0" r="1"/>']
    levels += [f'<g ID="n{i}"><USE HREF="#%6E{i - 1}"/><USE HREF="#%6E{i - 1}"/></g>' for i in range(1, 40)]
    body = f'<defs>{"".join(levels)}</defs><USE HREF="#%6E39"/>'
    assert ("use expansion limit", "svg/USE") in check(body, make_svg, findings)


def test_use_chain_through_literal_tab_in_id_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    # The HTML parser keeps the literal tab in id="n<TAB>I", which "#n%09I" names once decoded. The XML
    # parser turns that tab into a space, and an empty decoy id="n I" comes first for it.
    levels = ['<circle id="n\t0" r="1"/>']
    for i in range(1, 40):
        levels.append(f'<g id="n {i}"/><g id="n\t{i}"><use href="#n%09{i - 1}"/><use href="#n%09{i - 1}"/></g>')
    body = f'<defs>{"".join(levels)}</defs><use href="#n%0939"/>'
    assert check(body, make_svg, findings) == [("use expansion limit", "svg/use")]


def test_xlink_href_counts_whatever_its_prefix_means(findings: Findings) -> None:
    # The HTML parser puts "xlink:href" in the XLink namespace whatever the file binds the prefix to.
    levels = ['<circle id="n0" r="1"/>']
    levels += [f'<g id="n{i}"><use xlink:href="#n{i - 1}"/><use xlink:href="#n{i - 1}"/></g>' for i in range(1, 25)]
    data = (
        f'<svg xmlns="{SVG_NAMESPACE}" xmlns:xlink="urn:not-xlink"><defs>{"".join(levels)}</defs>'
        '<use xlink:href="#n24"/></svg>'
    ).encode()
    assert findings(data) == [("use expansion limit", "svg/use")]
