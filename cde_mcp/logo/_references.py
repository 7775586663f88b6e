"""References from the logo to anything: URLs in attributes and CSS, and the graph of ``<use>`` elements.

A logo must stand alone. The only references accepted are:

* same-document fragments (``#id``) and empty references;
* base64 PNG, JPEG, GIF or WebP images as ``data:`` URLs, where an image is drawn (``<image>``,
  ``<feImage>`` and CSS ``url()``).

Everything else is rejected: script URLs, ``data:image/svg+xml`` documents, other ``data:`` URLs,
``file:`` URLs, any other scheme and relative paths. The XML parser has already decoded entities and
character references. A reference is same-document or empty as the WHATWG URL parser reads it: tabs
and newlines are removed, C0 control characters and spaces are trimmed from both ends, and DEL
(U+007F) stays, so ``"&#x7f;#a"`` is a relative path. The scheme is looked for more strictly, with
every ASCII white space, control character and DEL removed, so ``"jav&#x7f;ascript:"`` reads as
``javascript:``.

``<use>`` elements are counted as the renderer would expand them, so exponential chains and cycles
are caught. The graph joins what an SVG viewer reads (``use``, ``href`` and ``id`` as written) and what
the HTML parser reads when the logo is placed inline in a page (the same names in any case), so
``<USE HREF="#x">`` chains count too. A ``#fragment`` is matched to ids both as written and
percent-decoded, as browsers decode it before the lookup (``#a%201`` names ``id="a 1"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from cde_mcp.logo._findings import Finding, excerpt, where
from cde_mcp.logo._tree import Element, iter_elements

__all__ = [
    "MAX_RENDERED_ELEMENTS",
    "XLINK_NAMESPACE",
    "XML_NAMESPACE",
    "has_scheme",
    "url_finding",
    "use_graph_findings",
]

XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
MAX_RENDERED_ELEMENTS = 100_000
_SATURATED = 1 << 62  # rendered counts stop growing here

# Removed before looking for a scheme, so "jav&#x09;ascript:" is "javascript:". This removes more
# than browsers do (DEL and inner spaces too), which can only find more schemes.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
# The WHATWG URL parser removes tabs and newlines everywhere and trims C0 controls and spaces from both
# ends. It keeps DEL and inner spaces, which it percent-encodes.
_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]+")
_URL_TRIMMED = "".join(chr(code) for code in range(0x21))
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
    reference = _preprocess_url(raw)
    if not reference or reference.startswith("#"):
        return None
    url = _IGNORED_IN_URL.sub("", raw)
    if not url or url.startswith("#"):
        # Only DEL made it look empty or like a fragment, and the URL parser reads it as a relative path ("%7F#a").
        url = reference
    kind = _classify(url, raster_allowed=raster_allowed)
    if kind is None:
        return None
    return Finding(location, kind.construct, f"{_capital(source)} {where(location)} {kind.detail}", kind.fix)


def has_scheme(raw: str) -> bool:
    """Return whether a value reads as a URL with a scheme, such as ``javascript:`` or ``https:``."""
    return _SCHEME.match(_IGNORED_IN_URL.sub("", raw)) is not None


def _preprocess_url(raw: str) -> str:
    """Remove tabs and newlines and trim C0 controls and spaces, as the WHATWG URL parser does first."""
    return _URL_TAB_OR_NEWLINE.sub("", raw).strip(_URL_TRIMMED)


def _fragment_keys(raw: str) -> set[str]:
    """Return the id keys (see ``_id_key``) that a reference such as ``#logo`` may name, or none.

    The fragment is read both as the URL parser leaves it and with all white space and control
    characters removed, and each reading both as written and percent-decoded. Browsers decode it as
    UTF-8 before looking up the id. The Latin-1 reading covers a decoder that falls back to one
    character per byte on invalid UTF-8. Every reading counts, so none of them hides an edge.
    """
    fragments = {url[1:] for url in (_preprocess_url(raw), _IGNORED_IN_URL.sub("", raw)) if url.startswith("#")}
    readings = set(fragments)
    for fragment in fragments:
        if "%" in fragment:
            decoded = unquote(fragment, errors="replace")
            readings.add(decoded)
            if "\N{REPLACEMENT CHARACTER}" in decoded:
                readings.add(unquote(fragment, encoding="latin-1"))
    keys = {_id_key(reading) for reading in readings}
    keys.discard("")
    return keys


def _id_key(value: str) -> str:
    """Return an id or fragment stripped, with every ASCII white space, control character and DEL removed.

    Matching on this key errs towards more edges. It joins ids that differ only where the XML parser and the
    HTML parser read the same bytes differently: XML turns a literal tab or line break in an attribute
    into a space, and HTML keeps it.
    """
    return _IGNORED_IN_URL.sub("", value.strip())


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
    groups = _id_groups(root)
    rendered: dict[int, int] = {}
    on_path: set[int] = set()
    reported: set[int] = set()
    # Depth-first, iteratively: each stack entry is a node, all its edges, and the edges still to visit.
    root_edges = _edges(root, groups)
    stack: list[tuple[_Node, list[_Node], list[_Node]]] = [(root, root_edges, list(root_edges))]
    on_path.add(id(root))
    while stack:
        node, edges, pending = stack[-1]
        if pending:
            target = pending.pop()
            if id(target) in on_path:
                # A group is entered only from the use element that names it, one entry below.
                user = node if isinstance(node, Element) else stack[-2][0]
                if isinstance(user, Element) and id(user) not in reported:
                    reported.add(id(user))
                    yield _use_cycle(user)
            elif id(target) not in rendered:
                on_path.add(id(target))
                target_edges = _edges(target, groups)
                stack.append((target, target_edges, list(target_edges)))
            continue
        stack.pop()
        on_path.discard(id(node))
        counts = [rendered.get(id(edge), 0) for edge in edges]
        if isinstance(node, Element):
            rendered[id(node)] = min(_SATURATED, 1 + sum(counts))
        else:
            # A use draws one element of the group, so the group renders as much as its largest element.
            rendered[id(node)] = max(counts)

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


@dataclass(eq=False, slots=True)
class _IdGroup:
    """Every element whose id has one key (``_id_key``), in document order.

    A reference reaches the whole group, not only its first element. Browsers take the first element
    whose id equals the fragment exactly. That element is in the group but need not come first there,
    because ``<g id=" a"/>`` before ``<g id="a">`` puts both in the group of "a", and ``#a`` names the
    second. An element joins a group for every ``xml:id`` and every ``id`` attribute in any case. That
    covers the id an SVG viewer reads (``id`` as written) and the one the HTML parser reads (the first
    ``id`` in any case), which differ in ``<g ID="a" id="b">``.

    NOTE: with duplicate ids this can report a use cycle that no viewer draws. In
    ``<g id="a"><use href="#b"/></g><g id="b"/><g id="b"><use href="#a"/></g>``, ``#b`` names the empty
    first g, but the check follows the second one too and finds a cycle.
    """

    members: list[Element] = field(default_factory=list)


_Node = Element | _IdGroup


def _id_groups(root: Element) -> dict[str, _IdGroup]:
    groups: dict[str, _IdGroup] = {}
    for element in iter_elements(root):
        keys = {
            _id_key(attribute.value)
            for attribute in element.attributes
            if attribute.name == "id" and attribute.namespace in ("", XML_NAMESPACE)
        }
        for key in keys:
            if key:
                groups.setdefault(key, _IdGroup()).members.append(element)
    return groups


def _edges(node: _Node, groups: dict[str, _IdGroup]) -> list[_Node]:
    """Return what a node renders: an element's children and, for a ``<use>``, the id groups it names."""
    if isinstance(node, _IdGroup):
        return list(node.members)
    edges: list[_Node] = list(node.children)
    if node.name == "use":
        keys: set[str] = set()
        for attribute in node.attributes:
            # The HTML parser puts any "xlink:href" in the XLink namespace, whatever the file declares.
            if attribute.name == "href" and (
                attribute.namespace in ("", XLINK_NAMESPACE) or attribute.qname.lower() == "xlink:href"
            ):
                keys |= _fragment_keys(attribute.value)
        edges.extend(groups[key] for key in sorted(keys) if key in groups)
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
