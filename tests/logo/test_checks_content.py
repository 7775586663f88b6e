"""Active and external content in the tree, each rejection with its element path, and content that passes."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.logo._css import MAX_CSS_CHARS, MAX_CSS_NESTING_DEPTH
from cde_mcp.logo._references import MAX_RENDERED_ELEMENTS
from cde_mcp.logo.checks import inspect_logo

MakeSvg = Callable[[str], bytes]
Findings = Callable[[bytes], list[tuple[str, str]]]
PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(24)).decode()


def check(body: str, make_svg: MakeSvg, findings: Findings) -> list[tuple[str, str]]:
    return findings(make_svg(body))


# Script and event handlers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ("<script>alert(1)</script>", "svg/script"),
        ("<g/><g><SCRIPT>alert(1)</SCRIPT></g>", "svg/g[2]/SCRIPT"),
        ('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>', "svg/s:script"),
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', "svg/h:script"),
        ('<handler type="application/ecmascript">alert(1)</handler>', "svg/handler"),
    ],
)
def test_script_element_rejected(body: str, location: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert ("script element", location) in check(body, make_svg, findings)


@pytest.mark.parametrize("name", ["onload", "onclick", "ONMOUSEOVER", "onbegin", "x:onerror"])
def test_event_handler_attribute_rejected(name: str, make_svg: MakeSvg, findings: Findings) -> None:
    body = f'<g xmlns:x="urn:x"><rect/><rect {name}="alert(1)"/></g>'
    assert check(body, make_svg, findings) == [("event-handler attribute", f"svg/g/rect[2]@{name}")]


def test_event_handler_on_root_rejected(findings: Findings) -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    assert findings(data) == [("event-handler attribute", "svg@onload")]


# URLs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \tjavascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "jav&#x0A;ascript&#x3A;alert(1)",
        "java&#13;script:alert(1)",
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&#x3a;alert(1)",
        "&#x1;javascript:alert(1)".replace("&#x1;", "&#x20;"),
    ],
)
def test_javascript_url_rejected_however_written(href: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert check(f'<a href="{href}"><rect/></a>', make_svg, findings) == [("javascript: URL", "svg/a@href")]


@pytest.mark.parametrize(
    ("attribute", "value", "construct"),
    [
        ("xlink:href", "vbscript:msgbox(1)", "vbscript: URL"),
        ("href", "data:image/svg+xml;base64,PHN2Zy8+", "data:image/svg+xml document"),
        ("href", "DATA:IMAGE/SVG+XML,%3Csvg%2F%3E", "data:image/svg+xml document"),
        ("href", "data:text/html,<script>alert(1)</script>".replace("<", "&lt;"), "data: URL"),
        ("href", "https://example.com/", "external URL"),
        ("href", "//example.com/", "external URL"),
        ("href", "file:///etc/passwd", "file: URL"),
        ("href", "other.svg#logo", "relative URL"),
        ("xml:base", "https://example.com/", "external URL"),
    ],
)
def test_link_to_other_document_rejected(
    attribute: str, value: str, construct: str, make_svg: MakeSvg, findings: Findings
) -> None:
    assert check(f'<a {attribute}="{value}"><rect/></a>', make_svg, findings) == [(construct, f"svg/a@{attribute}")]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ('<use href="sprite.svg#icon"/>', "svg/use@href"),
        ('<image xlink:href="http://169.254.169.254/latest/meta-data/"/>', "svg/image@xlink:href"),
        ('<filter id="f"><feImage href="https://example.com/a.png"/></filter>', "svg/filter/feImage@href"),
        ('<pattern id="p" href="https://example.com/p.svg#p"/>', "svg/pattern@href"),
        ('<linearGradient id="g" xlink:href="g.svg#g"/>', "svg/linearGradient@xlink:href"),
        ('<script href="https://example.com/x.js"/>', "svg/script@href"),
        ('<tref xlink:href="https://example.com/t.svg#t"/>', "svg/tref@xlink:href"),
    ],
)
def test_reference_to_other_document_rejected(body: str, location: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert location in [found_at for _, found_at in check(body, make_svg, findings)]


def test_embedded_png_in_image_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    body = f'<image width="10" height="10" href="{PNG}"/><image xlink:href=" {PNG.upper()[:30]}AAAA"/>'
    assert check(body, make_svg, findings) == []


@pytest.mark.parametrize("media_type", ["image/jpeg", "image/gif", "image/webp", "image/png;charset=x"])
def test_embedded_rasters_accepted(media_type: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert check(f'<image href="data:{media_type};base64,AAAA"/>', make_svg, findings) == []


@pytest.mark.parametrize(
    "body",
    [
        f'<use href="{PNG}"/>',
        f'<a href="{PNG}"/>',
        '<image href="data:image/png,not-base64"/>',
        '<image href="data:,plain"/>',
    ],
)
def test_misplaced_or_plain_data_url_rejected(body: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert [construct for construct, _ in check(body, make_svg, findings)] == ["data: URL"]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ('<image href="&#x7f;"/>', "svg/image@href"),
        ('<image href="&#x7f;#x"/>', "svg/image@href"),
        ('<image href=" &#x7f; #x"/>', "svg/image@href"),
        ('<a href="&#x7f;"><rect/></a>', "svg/a@href"),
        ('<rect fill="url(&quot;&#x7f;#a&quot;)"/>', "svg/rect@fill"),
        ("<rect style=\"fill: url('&#x7f;')\"/>", "svg/rect@style"),
    ],
)
def test_del_before_fragment_is_relative_url(body: str, location: str, make_svg: MakeSvg, findings: Findings) -> None:
    # Browsers keep DEL in a URL, so each of these fetches "%7F" relative to the page.
    assert check(body, make_svg, findings) == [("relative URL", location)]


def test_del_inside_scheme_still_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    body = '<a href="jav&#x7f;ascript:alert(1)"><rect/></a>'
    assert check(body, make_svg, findings) == [("javascript: URL", "svg/a@href")]


@pytest.mark.parametrize("href", ["#logo", " #logo ", "", "#", "#&#x7f;logo", "&#x9;#lo&#x7f;go"])
def test_same_document_reference_accepted(href: str, make_svg: MakeSvg, findings: Findings) -> None:
    body = f'<defs><path id="logo" d="M0 0h1"/></defs><use href="{href}"/><a xlink:href="{href}"><rect/></a>'
    assert check(body, make_svg, findings) == []


# foreignObject, HTML and XInclude -----------------------------------------------------------------


def test_foreign_object_fix_names_illustrator_option() -> None:
    data = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><switch><foreignObject requiredExtensions="x">'
        b"</foreignObject><g/></switch></svg>"
    )
    (problem,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert (problem.kind, problem.location) == ("foreignObject element", "svg/switch/foreignObject")
    assert "Preserve Illustrator Editing Capabilities" in problem.fix


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="#"/>', "svg/h:iframe"),
        ('<div xmlns="http://www.w3.org/1999/xhtml"/>', "svg/div"),
        ("<text>A<p/>B</text>", "svg/text/p"),
        ('<img src="#"/>', "svg/img"),
        ('<meta http-equiv="refresh" content="0;url=https://example.com/"/>', "svg/meta"),
        ('<font color="red"/>', "svg/font"),
    ],
)
def test_html_element_rejected(body: str, location: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert check(body, make_svg, findings) == [("HTML element", location)]


def test_svg_font_element_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    body = '<defs><font horiz-adv-x="500"><font-face font-family="A"/><glyph unicode="a" d="M0 0h1"/></font></defs>'
    assert check(body, make_svg, findings) == []


def test_xinclude_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    body = '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="#x"/>'
    assert check(body, make_svg, findings) == [("XInclude element", "svg/xi:include")]


# Animation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<a href="#"><set attributeName="href" to="#other"/></a>',
            [("animation of href", "svg/a/set@attributeName")],
        ),
        (
            '<a><animate attributeName=" xlink:href " values="#a;javascript:alert(1)"/></a>',
            [("animation of href", "svg/a/animate@attributeName"), ("javascript: URL", "svg/a/animate@values")],
        ),
        (
            '<rect><set attributeName="onclick" to="alert(1)"/></rect>',
            [("animation of event handler", "svg/rect/set@attributeName")],
        ),
        (
            '<rect><animate attributeName="fill" from="url(https://example.com/p.svg#p)" to="red"/></rect>',
            [("external URL", "svg/rect/animate@from")],
        ),
        (
            '<rect><animateMotion by="data:image/svg+xml,x" dur="1s"/></rect>',
            [("data:image/svg+xml document", "svg/rect/animateMotion@by")],
        ),
    ],
)
def test_unsafe_animation_rejected(
    body: str, expected: list[tuple[str, str]], make_svg: MakeSvg, findings: Findings
) -> None:
    assert check(body, make_svg, findings) == expected


def test_plain_animation_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    body = (
        '<rect><animate attributeName="opacity" values="0;1;0" dur="2s" begin="0s;12:00"/>'
        '<animateTransform attributeName="transform" type="rotate" from="0 5 5" to="360 5 5"/>'
        '<set attributeName="fill" to="url(#g)"/></rect>'
    )
    assert check(body, make_svg, findings) == []


# CSS ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("css", "construct"),
    [
        ('@import url("https://example.com/x.css");', "CSS @import"),
        ("@import 'x.css';", "CSS @import"),
        ("@\\69mport 'x.css';", "CSS @import"),
        ("@font-face { font-family: f; src: local(Arial) }", "CSS @font-face"),
        (".a { fill: url(https://example.com/p.svg#p) }", "external URL"),
        (".a { fill: URL( 'https://example.com/p.svg#p' ) }", "external URL"),
        (".a { background: u\\72l(https://example.com/x.png) }", "external URL"),
        (".a { background: \\75 rl(x.png) }", "relative URL"),
        (".a { fill: url(/**/https://example.com/x) }", "relative URL"),
        (".a { b/* c */ackground: url(https://example.com/x) }", "external URL"),
        (".a { cursor: url(data:image/svg+xml;base64,PHN2Zy8+), auto }", "data:image/svg+xml document"),
        ('.a { background: image-set("https://example.com/a.png" 1x) }', "external URL"),
        ("@media print { .a { fill: url('javascript:alert(1)') } }", "javascript: URL"),
        (".a { width: expression(alert(1)) }", "CSS expression()"),
    ],
)
def test_style_element_loading_content_rejected(
    css: str, construct: str, make_svg: MakeSvg, findings: Findings
) -> None:
    assert (construct, "svg/style") in check(f"<style>{css}</style>", make_svg, findings)


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("style", "fill:url(https://example.com/p.svg#p)"),
        ("style", "behavior:url(x.htc)"),
        ("fill", "url(https://example.com/p.svg#p)"),
        ("filter", "u\\72l(https://example.com/f.svg#f)"),
        ("mask", "URL('https://example.com/m.svg#m')"),
    ],
)
def test_css_url_in_attribute_rejected(attribute: str, value: str, make_svg: MakeSvg, findings: Findings) -> None:
    found = check(f'<rect {attribute}="{value}"/>', make_svg, findings)
    assert [location for _, location in found] == [f"svg/rect@{attribute}"]


def test_css_nesting_depth_capped(make_svg: MakeSvg) -> None:
    data = make_svg(f"<style>a{{b:{'(' * 100_000}</style>")
    (problem,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert (problem.kind, problem.location) == ("CSS nesting too deep", "svg/style")
    assert f"more than {MAX_CSS_NESTING_DEPTH} levels deep" in problem.message


@pytest.mark.parametrize(
    "css",
    [
        "(" * MAX_CSS_NESTING_DEPTH + ")" * MAX_CSS_NESTING_DEPTH,
        ".a{content:'" + "(" * 100 + "'}" + ".b{fill:red}" * 50,
        "/* " + "[" * 100 + " */ .a{fill:red}",
        ".a{fill:url(#g)}" * 100,
        "@media (min-width: 1px) { @supports (display: grid) { .a { width: calc(var(--w, calc(1px + (2px)))) } } }",
    ],
)
def test_css_nesting_below_cap_accepted(css: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert check(f"<style>{css}</style>", make_svg, findings) == []


@pytest.mark.parametrize(
    "css",
    [
        pytest.param("(" * (MAX_CSS_NESTING_DEPTH + 1), id="parentheses"),
        pytest.param("(]" * 40, id="closer-of-other-kind"),
        pytest.param("{[" * 20 + ")}" * 20, id="mixed"),
        pytest.param('.a{content:"x&#13;' + "(" * 40, id="string-ended-by-carriage-return"),
        pytest.param('url(a")' + "(" * 40, id="quote-in-unquoted-url"),
        pytest.param("url(/*)" + "(" * 40, id="comment-start-in-unquoted-url"),
        pytest.param('u\\72l(a")' + "(" * 40, id="escaped-url-name"),
    ],
)
def test_css_nesting_cap_cannot_be_hidden(css: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert check(f"<style>{css}</style>", make_svg, findings) == [("CSS nesting too deep", "svg/style")]


def test_css_nesting_capped_in_style_attribute(make_svg: MakeSvg, findings: Findings) -> None:
    body = f'<rect style="fill:{"(" * 100}"/>'
    assert check(body, make_svg, findings) == [("CSS nesting too deep", "svg/rect@style")]


def test_css_without_references_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    body = (
        "<defs><style><![CDATA[ .a { fill: url(#g); } .b { stroke: #c00 } @media (min-width: 1px) { .c {} } ]]>"
        f'</style></defs><rect class="a" style="fill:url(#g);background:url({PNG})" clip-path="url(#c)"'
        ' transform="translate(1, 2) rotate(3)"/>'
    )
    assert check(body, make_svg, findings) == []


# Markup hidden in text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<![CDATA[><img src=x onerror=alert(1)>]]>", ("markup in CDATA section", "svg")),
        (
            '<style><![CDATA[ s{content:"</style><img src=x onerror=alert(1)>"} ]]></style>',
            ("markup in CDATA section", "svg/style"),
        ),
        ("<style>s{content:'&lt;/style&gt;&lt;script&gt;'}</style>", ("markup in text", "svg/style")),
        ("<g><desc>a</desc><desc><![CDATA[<?php x ?>]]></desc></g>", ("markup in CDATA section", "svg/g/desc[2]")),
        ("<title>A <![CDATA[ok]]> B <![CDATA[<img src=x>]]></title>", ("markup in CDATA section", "svg/title")),
        ("<text><![CDATA[" + "x" * 20_000 + "<script>]]></text>", ("markup in CDATA section", "svg/text")),
    ],
)
def test_markup_in_text_rejected(body: str, expected: tuple[str, str], make_svg: MakeSvg, findings: Findings) -> None:
    assert check(body, make_svg, findings) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "<text>&lt;/&gt;</text>",
        "<title>&lt;img src=x onerror=alert(1)&gt;</title>",
        "<g><desc>a</desc><desc>&lt;?php x ?&gt;</desc></g>",
        "<text>&#60;script&#62;</text>",
        '<g aria-label="&lt;/&gt;" class="&lt;b&gt;"/>',
    ],
)
def test_escaped_markup_in_text_accepted(body: str, make_svg: MakeSvg, findings: Findings) -> None:
    # The bytes contain no "<" here, so neither an XML nor an HTML parser finds a tag.
    assert check(body, make_svg, findings) == []


def test_text_with_comparison_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    assert check("<title>A &lt; B &amp; 1&lt;2</title>", make_svg, findings) == []


def test_many_cdata_sections_give_one_finding(make_svg: MakeSvg, findings: Findings) -> None:
    body = "<text>" + "<![CDATA[<a]]>" * 1_000 + "</text>"
    assert check(body, make_svg, findings) == [("markup in CDATA section", "svg/text")]


# The <use> graph ----------------------------------------------------------------------------------


def test_exponential_use_chain_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    levels = ['<circle id="n0" r="1"/>']
    levels += [f'<g id="n{i}"><use href="#n{i - 1}"/><use href="#n{i - 1}"/></g>' for i in range(1, 25)]
    body = f'<defs>{"".join(levels)}</defs><use href="#n24"/>'
    assert check(body, make_svg, findings) == [("use expansion limit", "svg/use")]


def _percent_encoded(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode())


def _doubling_use_chain(
    make_id: Callable[[int], str],
    make_href: Callable[[int], str],
    make_decoy_id: Callable[[int], str] | None = None,
) -> str:
    """Return 40 levels of groups that each use the level below twice, with the ids and hrefs given.

    With ``make_decoy_id``, an empty g with that id comes before each group.
    """
    levels = [f'<circle id="{make_id(0)}" r="1"/>']
    for i in range(1, 40):
        if make_decoy_id is not None:
            levels.append(f'<g id="{make_decoy_id(i)}"/>')
        href = make_href(i - 1)
        levels.append(f'<g id="{make_id(i)}"><use href="{href}"/><use href="{href}"/></g>')
    return f'<defs>{"".join(levels)}</defs><use href="{make_href(39)}"/>'


@pytest.mark.parametrize(
    ("make_id", "make_href"),
    [
        (lambda i: f"a{i}", lambda i: "#" + _percent_encoded(f"a{i}")),
        (lambda i: f"a{i}", lambda i: "#a" + _percent_encoded(str(i))),
        (lambda i: f"a {i}", lambda i: f"#a {i}"),
        (lambda i: f"a {i}", lambda i: f"#a%20{i}"),
        (lambda i: f"\u00e9{i}", lambda i: f"#%C3%A9{i}"),
        (lambda i: f"\u00e9{i}", lambda i: f"#%E9{i}"),
    ],
    ids=["all-encoded", "digits-encoded", "inner-space", "encoded-space", "utf-8", "latin-1"],
)
def test_use_chain_with_encoded_fragments_rejected(
    make_id: Callable[[int], str], make_href: Callable[[int], str], make_svg: MakeSvg, findings: Findings
) -> None:
    # Browsers percent-decode the fragment before looking up the id, and keep its inner spaces.
    body = _doubling_use_chain(make_id, make_href)
    assert check(body, make_svg, findings) == [("use expansion limit", "svg/use")]


def test_use_chain_behind_padded_id_decoy_rejected(make_svg: MakeSvg, findings: Findings) -> None:
    # "#aI" names the g with id="aI" exactly, not the earlier empty decoy whose id is " aI".
    body = _doubling_use_chain(lambda i: f"a{i}", lambda i: f"#a{i}", lambda i: f" a{i}")
    assert check(body, make_svg, findings) == [("use expansion limit", "svg/use")]


def test_uses_of_duplicate_ids_count_once(make_svg: MakeSvg, findings: Findings) -> None:
    # A use draws one of the elements that share its id, so 400 copies of "#dot" in 400 uses stay small.
    copies = '<g id="dot"><circle r="1"/></g>' * 400
    uses = '<use href="#dot"/>' * 400
    assert MAX_RENDERED_ELEMENTS < 400 * 400
    assert check(f"<defs>{copies}</defs>{uses}", make_svg, findings) == []


def test_use_expansion_below_cap_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    copies = "".join(f'<use href="#dot" x="{i}"/>' for i in range(MAX_RENDERED_ELEMENTS // 10))
    assert check(f'<defs><circle id="dot" r="1"/></defs>{copies}', make_svg, findings) == []


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ('<use id="self" href="#self"/>', "svg/use"),
        ('<g id="a"><use href="#b"/></g><g id="b"><use xlink:href="#a"/></g>', "svg/g[1]/use"),
        ('<g id="outer"><g><use href="#outer"/></g></g>', "svg/g/g/use"),
    ],
)
def test_use_cycle_rejected(body: str, location: str, make_svg: MakeSvg, findings: Findings) -> None:
    assert check(body, make_svg, findings) == [("use cycle", location)]


# Editor metadata ----------------------------------------------------------------------------------


def test_editor_metadata_accepted(make_svg: MakeSvg, findings: Findings) -> None:
    body = (
        '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"'
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:zoom="4"'
        ' inkscape:export-filename="logo.png"/>'
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:cc="http://creativecommons.org/ns#"><cc:Work rdf:about="">'
        '<cc:license rdf:resource="http://creativecommons.org/licenses/by-sa/4.0/"/></cc:Work></rdf:RDF></metadata>'
        '<i:pgf xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" id="adobe_illustrator_pgf">'
        "<![CDATA[ eJzs/Wmz5EZ+5gu+T5P6O/aa ]]></i:pgf>"
    )
    assert check(body, make_svg, findings) == []


def test_css_size_capped(make_svg: MakeSvg) -> None:
    style = "a{fill:red}" * (MAX_CSS_CHARS // 11 + 1)

    problems = inspect_logo(make_svg(f"<style>{style}</style>"), max_bytes=4 * 1024 * 1024).problems

    assert [problem.kind for problem in problems] == ["CSS too large"]
    assert f"more than the {MAX_CSS_CHARS:,}" in problems[0].message


def test_css_below_size_cap_read(make_svg: MakeSvg) -> None:
    style = "a{fill:red}" * (MAX_CSS_CHARS // 11 - 1)

    inspection = inspect_logo(make_svg(f"<style>{style}</style>"), max_bytes=4 * 1024 * 1024)

    assert inspection.valid
