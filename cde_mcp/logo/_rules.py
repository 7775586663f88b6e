"""Rules for the parsed tree: the root element, active content, external references and hidden markup.

Every rule compares the lower-case local name of elements and attributes (``name``), in any namespace
where a viewer could be lenient. So ``<SCRIPT>``, ``<svg:script>`` and ``<html:script>`` are all script
elements, and ``<SET ATTRIBUTENAME="href">`` animates a link, as it does once an HTML parser has
lower-cased it. The rules for what changes under an HTML parser are in ``_html``.

Elements in the SVG namespace must be SVG 1.1 or SVG 2 elements (``_SVG_ELEMENTS``), in any case. An
unknown name there draws nothing, and the checks accept only what they know, because a name
the SVG specifications do not define (``iframe``, ``form``, ``base``) may be read as HTML by a
sanitizer or a future browser. Elements in other namespaces are editor metadata (Inkscape,
Sodipodi, RDF, Dublin Core, Creative Commons, Illustrator, Sketch, Serif) that viewers ignore, and
they pass, apart from the rules that look at every namespace.

Markup in text is rejected where the bytes of the file carry it: in CDATA sections (this module) and
comments (``_xml``). Escaped markup such as ``&lt;/&gt;`` in ordinary text is plain text to XML and
HTML parsers alike, so a logo may show "</>". The exception is the text of ``style`` and other
elements whose text an HTML serializer writes out unescaped, where escaped markup is rejected too.
"""

from __future__ import annotations

from collections.abc import Iterator

from cde_mcp.logo._css import css_findings, may_hold_css_url
from cde_mcp.logo._findings import Finding, FindingLog, excerpt, where
from cde_mcp.logo._html import (
    SVG_NAMESPACE,
    breaks_out_of_svg,
    html_attribute_finding,
    integration_point_finding,
)
from cde_mcp.logo._references import XLINK_NAMESPACE, XML_NAMESPACE, has_scheme, url_finding, use_graph_findings
from cde_mcp.logo._tree import Attribute, Element, iter_elements
from cde_mcp.logo._xml import MARKUP

__all__ = ["SVG_NAMESPACE", "content_findings", "root_findings"]

_XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
_XINCLUDE_NAMESPACES = frozenset({"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"})

# Attributes whose value is a URL in SVG or HTML, compared in lower case. The HTML attributes that
# load something whatever their value (srcset, ping and others) are rejected by _html instead.
_URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "data", "codebase", "archive", "longdesc", "cite", "icon", "manifest", "usemap",
        "classid", "profile",
    }
)  # fmt: skip
_IMAGE_ELEMENTS = frozenset({"image", "feimage"})
_ANIMATION_ELEMENTS = frozenset({"set", "animate", "animatetransform", "animatemotion", "animatecolor"})
_ANIMATION_VALUES = frozenset({"to", "from", "by", "values"})
# Elements whose text HTML serializers write out unescaped, so "&lt;/style&gt;" there can end the element.
_RAW_TEXT_ELEMENTS = frozenset({"style", "script", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})

# The element names of SVG 1.1 and SVG 2, in lower case, as rules compare them. The mesh, hatch and
# solidcolor elements of the SVG 2 drafts and the flowRoot family of the SVG 1.2 drafts are included
# too, because Inkscape writes mesh gradients, hatches and flowed text with them. Script,
# foreignObject and the animations are listed because their own rules decide about them.
_SVG_ELEMENTS = frozenset(
    {
        "a", "altglyph", "altglyphdef", "altglyphitem", "animate", "animatecolor", "animatemotion",
        "animatetransform", "circle", "clippath", "color-profile", "cursor", "defs", "desc", "discard",
        "ellipse", "feblend", "fecolormatrix", "fecomponenttransfer", "fecomposite", "feconvolvematrix",
        "fediffuselighting", "fedisplacementmap", "fedistantlight", "fedropshadow", "feflood", "fefunca",
        "fefuncb", "fefuncg", "fefuncr", "fegaussianblur", "feimage", "femerge", "femergenode",
        "femorphology", "feoffset", "fepointlight", "fespecularlighting", "fespotlight", "fetile",
        "feturbulence", "filter", "font", "font-face", "font-face-format", "font-face-name",
        "font-face-src", "font-face-uri", "foreignobject", "g", "glyph", "glyphref", "hatch", "hatchpath",
        "hkern", "image", "line", "lineargradient", "marker", "mask", "mesh", "meshgradient", "meshpatch",
        "meshrow", "metadata", "missing-glyph", "mpath", "path", "pattern", "polygon", "polyline",
        "radialgradient", "rect", "script", "set", "solidcolor", "stop", "style", "svg", "switch",
        "symbol", "text", "textpath", "title", "tref", "tspan", "use", "view", "vkern",
        "flowroot", "flowregion", "flowpara", "flowspan", "flowdiv", "flowregionbreak", "flowline",
    }
)  # fmt: skip
_NAMESPACE_FIX = 'add xmlns="http://www.w3.org/2000/svg" to the root element'


def root_findings(root: Element) -> list[Finding]:
    """Check that the root element is ``svg`` in the SVG namespace."""
    if root.local == "svg" and root.namespace == SVG_NAMESPACE:
        return []
    if root.local == "svg" and not root.namespace:
        return [
            Finding(
                root.path,
                "missing SVG namespace",
                "The root element svg has no SVG namespace, so browsers show it as plain XML, not as an image",
                _NAMESPACE_FIX,
            )
        ]
    if root.local == "svg":
        return [
            Finding(
                root.path,
                "wrong root namespace",
                f"The root element svg is in the namespace {excerpt(root.namespace)} instead of the SVG "
                "namespace, so browsers do not draw it",
                'set xmlns="http://www.w3.org/2000/svg" on the root element',
            )
        ]
    if root.name == "svg":
        return [
            Finding(
                root.path,
                "root element case",
                f"The root element is {excerpt(root.qname)}, but XML names are case-sensitive and only "
                "svg in lower case is an SVG image",
                "rename the element to svg in lower case, or export the logo again from the design tool",
            )
        ]
    if root.name == "html":
        return [
            Finding(
                root.path,
                "HTML document",
                "The file is an HTML page with the root element html, not an SVG image",
                "save just the <svg> element of the page as its own .svg file",
            )
        ]
    return [
        Finding(
            root.path,
            "root element not svg",
            f"The root element is {excerpt(root.qname)}, not svg, so the file is not an SVG image",
            "export the logo as SVG from the design tool",
        )
    ]


def content_findings(root: Element) -> FindingLog:
    """Check every element, attribute and text of the tree, then the ``<use>`` graph."""
    findings = FindingLog()
    for element in iter_elements(root):
        findings.extend(_element_findings(element))
        findings.add(integration_point_finding(element))
        for attribute in element.attributes:
            findings.extend(_attribute_findings(element, attribute))
        findings.extend(_text_findings(element))
    findings.extend(use_graph_findings(root))
    return findings


def _element_findings(element: Element) -> list[Finding]:
    name = element.name
    if name in ("script", "handler"):
        return [
            Finding(
                element.path,
                "script element",
                f"A {element.shown} element {where(element.path)} runs code when the logo is opened in a browser",
                "remove the script, since a logo needs none",
            )
        ]
    if name == "foreignobject":
        return [
            Finding(
                element.path,
                "foreignObject element",
                f"A foreignObject element {where(element.path)} embeds HTML or other non-SVG content, "
                "which can run script and load remote files",
                "export the logo as plain SVG (in Adobe Illustrator, turn off "
                '"Preserve Illustrator Editing Capabilities"; in Figma, remove background blur effects), '
                "or remove the foreignObject element",
            )
        ]
    if element.namespace in _XINCLUDE_NAMESPACES:
        return [
            Finding(
                element.path,
                "XInclude element",
                f"The XInclude element {excerpt(element.qname)} {where(element.path)} pulls another file into the logo",
                "remove it and put the included content into the logo itself",
            )
        ]
    if element.namespace == _XHTML_NAMESPACE:
        return [
            Finding(
                element.path,
                "HTML element",
                f"The HTML element {excerpt(element.qname)} {where(element.path)} is live HTML inside the image "
                "and can run script or load remote files",
                "remove the HTML content and draw it with SVG elements instead",
            )
        ]
    if breaks_out_of_svg(element):
        return [
            Finding(
                element.path,
                "HTML element",
                f"The element {excerpt(element.qname)} {where(element.path)} is read as HTML, not SVG, when the "
                "logo is placed inline in a web page, and everything after it becomes live HTML",
                "remove the element and draw its content with SVG elements instead",
            )
        ]
    if name in _ANIMATION_ELEMENTS:
        return _animation_findings(element)
    if element.namespace == SVG_NAMESPACE and name not in _SVG_ELEMENTS:
        return [
            Finding(
                element.path,
                "unknown SVG element",
                f"The element {excerpt(element.qname)} {where(element.path)} is in the SVG namespace but is not "
                "an SVG 1.1 or SVG 2 element, so it draws nothing, and only elements whose effect is known "
                "are accepted",
                "remove the element, or give editor data a namespace of its own, as Inkscape does with inkscape:",
            )
        ]
    return []


def _animation_findings(element: Element) -> list[Finding]:
    """Reject animations that change a link or an event handler, or that animate to a URL."""
    findings: list[Finding] = []
    # An SVG viewer reads attributeName as written and the HTML parser the first in any case, so check all.
    for attribute in element.unprefixed("attributename"):
        location = element.attribute_path(attribute)
        target = "".join(attribute.value.split()).lower()
        if target == "href" or target.endswith(":href"):
            findings.append(
                Finding(
                    location,
                    "animation of href",
                    f"The {element.shown} element {where(element.path)} changes the link {excerpt(target)} while "
                    "the logo is shown, which can swap in a script URL or another document",
                    "remove the animation of the link",
                )
            )
        elif target.startswith("on"):
            findings.append(
                Finding(
                    location,
                    "animation of event handler",
                    f"The {element.shown} element {where(element.path)} sets the event handler {excerpt(target)}, "
                    "which runs script",
                    "remove the animation",
                )
            )
    for attribute in element.attributes:
        if attribute.namespace or attribute.name not in _ANIMATION_VALUES:
            continue
        location = element.attribute_path(attribute)
        for value in attribute.value.split(";"):
            if has_scheme(value):  # url(...) values are CSS, read with the other attributes
                finding = url_finding(
                    value, location=location, source=f"the {attribute.shown} value", raster_allowed=False
                )
                if finding is not None:
                    findings.append(finding)
    return findings


def _attribute_findings(element: Element, attribute: Attribute) -> list[Finding]:
    name = attribute.name
    location = element.attribute_path(attribute)
    if name.startswith("on"):
        return [
            Finding(
                location,
                "event-handler attribute",
                f"The event-handler attribute {attribute.shown} {where(location)} runs script when the logo "
                "is shown or touched",
                f"remove the {attribute.shown} attribute",
            )
        ]
    html_attribute = html_attribute_finding(element, attribute)
    if html_attribute is not None:
        return [html_attribute]
    is_base = attribute.namespace == XML_NAMESPACE and name == "base"
    if name in _URL_ATTRIBUTES or is_base:
        finding = url_finding(
            attribute.value,
            location=location,
            source=f"the {attribute.shown} attribute",
            raster_allowed=name == "href"
            and element.name in _IMAGE_ELEMENTS
            and attribute.namespace in ("", XLINK_NAMESPACE),
        )
        return [] if finding is None else [finding]
    if attribute.namespace:
        return []  # editor metadata (inkscape:, sodipodi:, ...) is never read as CSS
    if name == "style" or may_hold_css_url(attribute.value):
        return list(css_findings(attribute.value, location=location, source=f"the {attribute.shown} attribute"))
    return []


def _text_findings(element: Element) -> Iterator[Finding]:
    """Yield a finding for markup in the element's CDATA sections, or in any text of a raw-text element.

    One finding per element is enough to name the problem, and a file of many CDATA sections then
    cannot produce one finding each.
    """
    in_cdata = next(
        (text for run in element.runs for is_cdata, text in run.parts if is_cdata and MARKUP.search(text)), None
    )
    if in_cdata is not None:
        yield _markup_finding(
            element,
            in_cdata,
            "markup in CDATA section",
            "A CDATA section",
            "which turns into live HTML if the logo is placed inline in a web page",
        )
    elif element.name in _RAW_TEXT_ELEMENTS:
        text = "".join(run.text for run in element.runs)
        if MARKUP.search(text):
            yield _markup_finding(
                element,
                text,
                "markup in text",
                "Text",
                f"which HTML serializers write out unescaped in {element.shown}, so it turns into live HTML "
                "when a web page copies the inline logo",
            )
    if element.name == "style":
        stylesheet = "".join(run.text for run in element.runs)
        yield from css_findings(stylesheet, location=element.path, source="the style element")


def _markup_finding(element: Element, text: str, construct: str, container: str, risk: str) -> Finding:
    found = MARKUP.search(text)
    start = found.start() if found is not None else 0
    return Finding(
        element.path,
        construct,
        f"{container} {where(element.path)} contains the markup {excerpt(text[start : start + 20])}, {risk}",
        "remove the markup from the text",
    )
