"""References from the logo to anything: URLs in attributes and CSS, and the graph of ``<use>`` elements.

A logo must stand alone. The only references accepted are:

* same-document fragments (``#id``) and empty references;
* base64 PNG, JPEG, GIF or WebP images as ``data:`` URLs, where an image is drawn (``<image>``,
  ``<feImage>`` and CSS ``url()``).

Everything else is rejected: script URLs, ``data:image/svg+xml`` documents, other ``data:`` URLs,
``file:`` URLs, any other scheme and relative paths. A URL is read the way a browser reads it: the
XML parser has already decoded entities and character references, then ASCII white space and control
characters are removed everywhere before the scheme is looked at.

``<use>`` elements are counted as the renderer would expand them, so exponential chains and cycles
are caught. The graph joins what an SVG viewer reads (``use``, ``href`` and ``id`` as written) and what
the HTML parser reads when the logo is placed inline in a page (the same names in any case), so
``<USE HREF="#x">`` chains count too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cde_mcp.logo._findings import Finding, excerpt, where
from cde_mcp.logo._tree import Element, iter_elements

__all__ = [
    "MAX_RENDERED_ELEMENTS",
    "XLINK_NAMESPACE",
    "XML_NAMESPACE",
    "fragment_target",
    "has_scheme",
    "url_finding",
    "use_graph_findings",
]

XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
MAX_RENDERED_ELEMENTS = 100_000
_SATURATED = 1 << 62  # rendered counts stop growing here

# Browsers drop these before reading a URL's scheme, so "jav&#x09;ascript:" is "javascript:".
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "jscript", "mocha"})
_RASTER_TYPES = frozenset({"image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp"})
_EMBEDDING_FIX = "embed the image as a base64 data:image/png URL, or remove the reference"


@dataclass(frozen=True, slots=True)
class _Kind:
    construct: str
    detail: str
    fix: str


def url_finding(raw: str, *, location: str, source: str, raster_allowed: bool) -> Finding | None:
    """Return why a URL is rejected, or None when it is a same-document or embedded-image reference.

    Args:
        raw: The value after XML decoding.
        location: Where it was found, such as ``svg/a@href``.
        source: What contains the URL, named in the message, such as ``the href attribute``.
        raster_allowed: Whether a base64 PNG, JPEG, GIF or WebP ``data:`` URL may appear here.
    """
    url = _IGNORED_IN_URL.sub("", raw)
    if not url or url.startswith("#"):
        return None
    kind = _classify(url, raster_allowed=raster_allowed)
    if kind is None:
        return None
    return Finding(location, kind.construct, f"{_capital(source)} {where(location)} {kind.detail}", kind.fix)


def has_scheme(raw: str) -> bool:
    """Return whether a value reads as a URL with a scheme, such as ``javascript:`` or ``https:``."""
    return _SCHEME.match(_IGNORED_IN_URL.sub("", raw)) is not None


def fragment_target(raw: str) -> str | None:
    """Return the id a same-document reference such as ``#logo`` points to, or None."""
    url = _IGNORED_IN_URL.sub("", raw)
    return url[1:] if url.startswith("#") and len(url) > 1 else None


def _classify(url: str, *, raster_allowed: bool) -> _Kind | None:
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return _external(url)  # a network-path reference: another server, same scheme
    scheme = _SCHEME.match(url)
    if scheme is None:
        return _Kind(
            "relative URL",
            f"refers to another file ({excerpt(url)}), which does not travel with the logo and may be "
            "fetched from wherever the logo is shown",
            _EMBEDDING_FIX,
        )
    name = scheme.group(1).lower()
    if name in _SCRIPT_SCHEMES:
        return _Kind(
            f"{name}: URL",
            f"contains a {name}: URL, which runs script when it is followed or loaded",
            "remove it, or point the reference at an element of the logo with #id",
        )
    if name == "data":
        return _data_url(url, raster_allowed=raster_allowed)
    if name == "file":
        return _Kind(
            "file: URL",
            f"refers to the local file {excerpt(url)}, which can expose files of the machine that draws the logo",
            _EMBEDDING_FIX,
        )
    return _external(url)


def _external(url: str) -> _Kind:
    return _Kind(
        "external URL",
        f"refers to {excerpt(url)} on another server, which every viewer of the logo would contact",
        _EMBEDDING_FIX,
    )


def _data_url(url: str, *, raster_allowed: bool) -> _Kind | None:
    header = url[len("data:") :].split(",", 1)[0]
    parameters = header.split(";")
    media_type = parameters[0].lower() or "text/plain"
    is_base64 = parameters[-1].lower() == "base64"
    if media_type == "image/svg+xml":
        return _Kind(
            "data:image/svg+xml document",
            "embeds a whole SVG document as a data: URL, and that document can carry script of its own",
            "draw the artwork with SVG elements in the logo itself, or embed a PNG instead",
        )
    if media_type in _RASTER_TYPES and is_base64:
        if raster_allowed:
            return None
        return _Kind(
            "data: URL",
            "embeds an image where no image is drawn, but embedded images belong in <image> elements or CSS url()",
            "move the image into an <image> element, or remove the reference",
        )
    return _Kind(
        "data: URL",
        f"embeds data of type {excerpt(media_type)}, but only base64 PNG, JPEG, GIF and WebP images may be embedded",
        "embed the picture as a base64 PNG, JPEG, GIF or WebP image, or remove the reference",
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# The <use> graph ------------------------------------------------------------------------------------


def use_graph_findings(root: Element) -> Iterator[Finding]:
    """Reject ``<use>`` cycles, and a document whose expanded ``<use>`` tree is too large to draw.

    Each element counts as one rendered element, plus, for a ``<use>``, everything its targets render.
    The count saturates, so a 2^1000-instance chain costs no more to measure than a small one.
    """
    ids = _IdTargets(root)
    rendered: dict[int, int] = {}
    on_path: set[int] = set()
    reported: set[int] = set()
    # Depth-first, iteratively: each stack entry is an element, all its edges, and the edges still to visit.
    root_edges = _edges(root, ids)
    stack: list[tuple[Element, list[Element], list[Element]]] = [(root, root_edges, list(root_edges))]
    on_path.add(id(root))
    while stack:
        element, edges, pending = stack[-1]
        if pending:
            target = pending.pop()
            if id(target) in on_path:
                if id(element) not in reported:
                    reported.add(id(element))
                    yield _use_cycle(element)
            elif id(target) not in rendered:
                on_path.add(id(target))
                target_edges = _edges(target, ids)
                stack.append((target, target_edges, list(target_edges)))
            continue
        stack.pop()
        on_path.discard(id(element))
        rendered[id(element)] = min(_SATURATED, 1 + sum(rendered.get(id(edge), 0) for edge in edges))

    total = rendered.get(id(root), 0)
    if total > MAX_RENDERED_ELEMENTS:
        uses = [element for element in iter_elements(root) if element.name == "use"]
        largest = max(uses, key=lambda element: rendered.get(id(element), 0), default=root)
        yield Finding(
            largest.path,
            "use expansion limit",
            f"Expanding the <use> references draws {_amount(total)} elements, more than the limit of "
            f"{MAX_RENDERED_ELEMENTS:,} (the largest is the use element {where(largest.path)}), "
            "and chains like this freeze viewers",
            "replace nested <use> chains with the shapes they stand for",
        )


class _IdTargets:
    """The element each id names, as an SVG viewer and as the HTML parser would resolve it.

    The two can differ: ``<g ID="a"/><g id="a"/>`` names the first g in HTML and the second in SVG.
    Counting the targets of both keeps a decoy from hiding a chain from either reader.
    """

    def __init__(self, root: Element) -> None:
        self.exact: dict[str, Element] = {}
        self.html: dict[str, Element] = {}
        for element in iter_elements(root):
            for attribute in element.attributes:
                if attribute.local == "id" and attribute.namespace in ("", XML_NAMESPACE):
                    self.exact.setdefault(attribute.value.strip(), element)
            # The HTML parser keeps the first of attributes that differ only in case.
            first_id = next(iter(element.unprefixed("id")), None)
            if first_id is not None:
                self.html.setdefault(first_id.value.strip(), element)

    def targets(self, reference: str) -> list[Element]:
        fragment = fragment_target(reference)
        if fragment is None:
            return []
        found = [target for target in (self.exact.get(fragment), self.html.get(fragment)) if target is not None]
        return found[:1] if len(found) == 2 and found[0] is found[1] else found


def _edges(element: Element, ids: _IdTargets) -> list[Element]:
    """Return the elements an element renders: its children, and for a ``<use>`` its targets."""
    edges = list(element.children)
    if element.name == "use":
        for attribute in element.attributes:
            # The HTML parser puts any "xlink:href" in the XLink namespace, whatever the file declares.
            if attribute.name == "href" and (
                attribute.namespace in ("", XLINK_NAMESPACE) or attribute.qname.lower() == "xlink:href"
            ):
                edges.extend(ids.targets(attribute.value))
    return edges


def _use_cycle(element: Element) -> Finding:
    return Finding(
        element.path,
        "use cycle",
        f"The use element {where(element.path)} refers back to itself or to an element that contains it, "
        "which viewers cannot draw",
        "point the use element at a shape outside its own group, or remove it",
    )


def _amount(count: int) -> str:
    return "more than 4 quintillion" if count >= _SATURATED else f"{count:,}"
