"""Rules for the parsed tree: the root element, active content, external references and hidden markup.

Names are compared without regard to case or namespace prefix where a viewer could be lenient, so
``<SCRIPT>``, ``<svg:script>`` and ``<html:script>`` are all script elements. Editor metadata in its own
namespaces (Inkscape, Sodipodi, Illustrator, Sketch, RDF) is inert and passes.
"""

from __future__ import annotations

from cde_mcp.logo._css import css_findings, may_hold_css_url
from cde_mcp.logo._findings import Finding, excerpt, where
from cde_mcp.logo._references import XLINK_NAMESPACE, XML_NAMESPACE, has_scheme, url_finding, use_graph_findings
from cde_mcp.logo._xml import MARKUP, Attribute, Element, iter_elements

__all__ = ["SVG_NAMESPACE", "content_findings", "root_findings"]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
_XINCLUDE_NAMESPACES = frozenset({"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"})

# Attributes whose value is a URL in SVG or HTML, compared in lower case.
_URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "data", "codebase", "archive", "background", "poster",
        "lowsrc", "dynsrc", "longdesc", "ping", "cite", "icon", "manifest", "usemap", "classid", "profile",
        "srcset",
    }
)  # fmt: skip
_IMAGE_ELEMENTS = frozenset({"image", "feimage"})
_ANIMATION_ELEMENTS = frozenset({"set", "animate", "animatetransform", "animatemotion", "animatecolor"})
_ANIMATION_VALUES = ("to", "from", "by", "values")
# Start tags that end SVG and start HTML when a logo is placed inline in an HTML page, by the HTML
# standard's rules for foreign content. "font" does so only with one of _FONT_BREAKOUT_ATTRIBUTES.
_HTML_BREAKOUT_ELEMENTS = frozenset(
    {
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
        "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table",
        "tt", "u", "ul", "var",
    }
)  # fmt: skip
_FONT_BREAKOUT_ATTRIBUTES = frozenset({"color", "face", "size"})
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
    if root.local.lower() == "svg":
        return [
            Finding(
                root.path,
                "root element case",
                f"The root element is {excerpt(root.qname)}, but XML names are case-sensitive and only "
                "svg in lower case is an SVG image",
                "rename the element to svg in lower case, or export the logo again from the design tool",
            )
        ]
    if root.local.lower() == "html":
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


def content_findings(root: Element) -> list[Finding]:
    """Check every element, attribute and text of the tree, then the ``<use>`` graph."""
    findings: list[Finding] = []
    for element in iter_elements(root):
        findings.extend(_element_findings(element))
        for attribute in element.attributes:
            findings.extend(_attribute_findings(element, attribute))
        findings.extend(_text_findings(element))
    findings.extend(use_graph_findings(root))
    return findings


def _element_findings(element: Element) -> list[Finding]:
    name = element.local.lower()
    path = element.path
    if name in ("script", "handler"):
        return [
            Finding(
                path,
                "script element",
                f"A {element.qname} element {where(path)} runs code when the logo is opened in a browser",
                "remove the script, since a logo needs none",
            )
        ]
    if name == "foreignobject":
        return [
            Finding(
                path,
                "foreignObject element",
                f"A foreignObject element {where(path)} embeds HTML or other non-SVG content, "
                "which can run script and load remote files",
                "export the logo as plain SVG (in Adobe Illustrator, turn off "
                '"Preserve Illustrator Editing Capabilities"; in Figma, remove background blur effects), '
                "or remove the foreignObject element",
            )
        ]
    if element.namespace in _XINCLUDE_NAMESPACES:
        return [
            Finding(
                path,
                "XInclude element",
                f"The XInclude element {excerpt(element.qname)} {where(path)} pulls another file into the logo",
                "remove it and put the included content into the logo itself",
            )
        ]
    if element.namespace == _XHTML_NAMESPACE:
        return [
            Finding(
                path,
                "HTML element",
                f"The HTML element {excerpt(element.qname)} {where(path)} is live HTML inside the image and can run "
                "script or load remote files",
                "remove the HTML content and draw it with SVG elements instead",
            )
        ]
    if ":" not in element.qname and _breaks_out_of_svg(element):
        return [
            Finding(
                path,
                "HTML element",
                f"The element {excerpt(element.qname)} {where(path)} is read as HTML, not SVG, when the logo is "
                "placed inline in a web page, and everything after it becomes live HTML",
                "remove the element and draw its content with SVG elements instead",
            )
        ]
    if name in _ANIMATION_ELEMENTS:
        return _animation_findings(element)
    return []


def _breaks_out_of_svg(element: Element) -> bool:
    name = element.local.lower()
    if name == "font":
        return any(attribute.local.lower() in _FONT_BREAKOUT_ATTRIBUTES for attribute in element.attributes)
    return name in _HTML_BREAKOUT_ELEMENTS


def _animation_findings(element: Element) -> list[Finding]:
    """Reject animations that change a link or an event handler, or that animate to a URL."""
    findings: list[Finding] = []
    target = "".join((element.get("attributeName") or "").split()).lower()
    if target == "href" or target.endswith(":href"):
        findings.append(
            Finding(
                f"{element.path}@attributeName",
                "animation of href",
                f"The {element.qname} element {where(element.path)} changes the link {excerpt(target)} while "
                "the logo is shown, which can swap in a script URL or another document",
                "remove the animation of the link",
            )
        )
    elif target.startswith("on"):
        findings.append(
            Finding(
                f"{element.path}@attributeName",
                "animation of event handler",
                f"The {element.qname} element {where(element.path)} sets the event handler {excerpt(target)}, "
                "which runs script",
                "remove the animation",
            )
        )
    for attribute in element.attributes:
        if attribute.namespace or attribute.local not in _ANIMATION_VALUES:
            continue
        location = f"{element.path}@{attribute.qname}"
        for value in attribute.value.split(";"):
            if has_scheme(value):  # url(...) values are CSS, read with the other attributes
                finding = url_finding(
                    value, location=location, source=f"the {attribute.qname} value", raster_allowed=False
                )
                if finding is not None:
                    findings.append(finding)
    return findings


def _attribute_findings(element: Element, attribute: Attribute) -> list[Finding]:
    name = attribute.local.lower()
    location = f"{element.path}@{attribute.qname}"
    if name.startswith("on"):
        return [
            Finding(
                location,
                "event-handler attribute",
                f"The event-handler attribute {attribute.qname} {where(location)} runs script when the logo "
                "is shown or touched",
                f"remove the {attribute.qname} attribute",
            )
        ]
    is_base = attribute.namespace == XML_NAMESPACE and name == "base"
    if name in _URL_ATTRIBUTES or is_base:
        finding = url_finding(
            attribute.value,
            location=location,
            source=f"the {attribute.qname} attribute",
            raster_allowed=name == "href"
            and element.local.lower() in _IMAGE_ELEMENTS
            and attribute.namespace in ("", XLINK_NAMESPACE),
        )
        return [] if finding is None else [finding]
    if attribute.namespace:
        return []  # editor metadata (inkscape:, sodipodi:, ...) is never read as CSS
    if name == "style" or may_hold_css_url(attribute.value):
        return css_findings(attribute.value, location=location, source=f"the {attribute.qname} attribute")
    return []


def _text_findings(element: Element) -> list[Finding]:
    findings: list[Finding] = []
    for run in element.runs:
        text = run.text
        found = MARKUP.search(text)
        if found is None:
            continue
        in_cdata = _is_cdata_at(run.parts, found.start())
        construct = "markup in CDATA section" if in_cdata else "markup in text"
        container = "A CDATA section" if in_cdata else "Text"
        markup = excerpt(text[found.start() : found.start() + 20])
        findings.append(
            Finding(
                element.path,
                construct,
                f"{container} {where(element.path)} contains the markup {markup}, "
                "which turns into live HTML if the logo is placed inline in a web page",
                "remove the markup from the text",
            )
        )
    if element.local.lower() == "style":
        stylesheet = "".join(run.text for run in element.runs)
        findings.extend(css_findings(stylesheet, location=element.path, source="the style element"))
    return findings


def _is_cdata_at(parts: list[tuple[bool, str]], offset: int) -> bool:
    for is_cdata, text in parts:
        if offset < len(text):
            return is_cdata
        offset -= len(text)
    return False
