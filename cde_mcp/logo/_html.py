"""Rules for the same logo read by an HTML parser, as when a page places it inline.

An HTML parser reads the content of ``<svg>`` by the HTML standard's rules for foreign content. It
lower-cases tag and attribute names and does not resolve ``xmlns`` declarations or prefixes, and three
more things differ from an XML reader:

* Some HTML start tags (``<p>``, ``<img>``, ``<div>`` and others) end the SVG, and everything after
  them is HTML. These breakout elements are rejected.
* The content of the SVG elements ``desc``, ``title`` and ``foreignObject`` is parsed as HTML (they
  are HTML integration points). ``foreignObject`` is rejected as a whole elsewhere. Any element
  inside ``desc`` or ``title`` is rejected, because real logos have only text there and an element
  there is live HTML: ``<desc><iframe srcdoc="...">`` becomes an iframe that runs script. The rule
  covers ``desc`` and ``title`` in any case and any namespace when written without a prefix (the
  HTML parser ignores ``xmlns``), and with any prefix in the SVG namespace. It leaves out prefixed
  elements of other namespaces, such as ``dc:title`` in XMP metadata, which contains ``rdf:Alt``
  elements: the HTML parser reads "dc:title" as an unknown element, not as an integration point.
* HTML attributes that load or run something (``srcdoc``, ``srcset``, ``ping``, ``formaction`` and
  others) have no meaning in SVG, so they are rejected on any element whatever their value.
"""

from __future__ import annotations

from cde_mcp.logo._findings import Finding, where
from cde_mcp.logo._tree import Attribute, Element

__all__ = ["SVG_NAMESPACE", "breaks_out_of_svg", "html_attribute_finding", "integration_point_finding"]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

# Start tags that end SVG and start HTML, by the HTML standard's rules for foreign content. "font"
# does so only with one of _FONT_BREAKOUT_ATTRIBUTES.
_BREAKOUT_ELEMENTS = frozenset(
    {
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
        "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table",
        "tt", "u", "ul", "var",
    }
)  # fmt: skip
_FONT_BREAKOUT_ATTRIBUTES = frozenset({"color", "face", "size"})
_INTEGRATION_POINTS = frozenset({"desc", "title"})

# HTML attributes that load or run something, by lower-case name, with what they do in an HTML page.
_HTML_ATTRIBUTES = {
    "srcdoc": "embeds a whole HTML document, which can run script",
    "srcset": "loads images, possibly from other servers",
    "imagesrcset": "preloads images, possibly from other servers",
    "attributionsrc": "makes the browser register with another server for tracking",
    "formaction": "sends a form to an address of its own, which can be a script URL",
    "action": "sends a form to an address of its own, which can be a script URL",
    "background": "loads a background image",
    "ping": "sends a tracking request to other servers when the link is followed",
    "poster": "loads a video poster image",
    "lowsrc": "loads an image in older browsers",
    "dynsrc": "loads a video in older browsers",
}


def breaks_out_of_svg(element: Element) -> bool:
    """Return whether the element's start tag ends the SVG when an HTML parser reads it."""
    if ":" in element.qname:
        return False  # the HTML parser reads "x:p" as an unknown element named "x:p"
    if element.name == "font":
        return any(attribute.name in _FONT_BREAKOUT_ATTRIBUTES for attribute in element.attributes)
    return element.name in _BREAKOUT_ELEMENTS


def integration_point_finding(element: Element) -> Finding | None:
    """Reject a ``desc`` or ``title`` element that contains an element, naming the first one."""
    if element.name not in _INTEGRATION_POINTS or not element.children:
        return None
    if ":" in element.qname and element.namespace != SVG_NAMESPACE:
        return None  # such as dc:title in XMP metadata, which the HTML parser does not read as HTML
    child = element.children[0]
    return Finding(
        child.path,
        "element in desc or title",
        f"The {child.shown} element {where(child.path)} is inside {element.shown}, whose content a web page "
        "parses as HTML when the logo is placed inline, so there it becomes a live HTML element that can "
        "load pages or run script",
        f"remove the element and keep only plain text in {element.shown}",
    )


def html_attribute_finding(element: Element, attribute: Attribute) -> Finding | None:
    """Reject an HTML attribute that loads or runs something, whatever its value."""
    effect = _HTML_ATTRIBUTES.get(attribute.name)
    if effect is None:
        return None
    location = element.attribute_path(attribute)
    return Finding(
        location,
        "HTML attribute",
        f"The {attribute.shown} attribute {where(location)} does nothing in SVG, but in a web page that places "
        f"the logo inline it {effect}",
        f"remove the {attribute.shown} attribute",
    )
