"""The element tree that the checks read, with names ready to compare and paths kept short.

Names are compared in lower case. XML names are case-sensitive, so ``<SET ATTRIBUTENAME="href">`` means
nothing to an SVG viewer, but the HTML parser lower-cases tag and attribute names when a page places
the logo inline, and there it becomes a live ``<set attributeName="href">``. Each element and attribute
therefore carries ``name``, its local name in lower case, which every rule compares. The name as
written (``qname``) is kept for messages and paths.

Paths such as ``svg/g[2]/a`` are built only when a finding needs one, and from the parent's path,
which is cached. Each name in a path is cut to ``MAX_NAME_CHARS`` characters and the whole path to
``MAX_LOCATION_CHARS``, keeping its end, so 50,000 children of an element with a 400,000-character
name cost 50,000 short strings, not 50,000 copies of the name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cde_mcp.logo._findings import MAX_LOCATION_CHARS, clip_tail, short_name

__all__ = ["Attribute", "Element", "TextRun", "iter_elements", "number_siblings"]


@dataclass(frozen=True, slots=True)
class Attribute:
    """One attribute, with its namespace, local name, name as written and value after entity expansion."""

    namespace: str
    local: str
    qname: str
    value: str
    name: str = field(init=False, repr=False)  # the local name in lower case, which rules compare

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _lower(self.local))

    @property
    def shown(self) -> str:
        """The name as written, cut for messages."""
        return short_name(self.qname)


@dataclass(slots=True)
class TextRun:
    """Text between two tags, as (is CDATA, text) parts, with each CDATA section in one part."""

    parts: list[tuple[bool, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The run's text, CDATA and plain text joined."""
        return "".join(text for _, text in self.parts)


@dataclass(eq=False, slots=True)
class Element:
    """One element of the logo."""

    namespace: str
    local: str
    qname: str
    attributes: list[Attribute]
    line: int
    parent: Element | None = field(default=None, repr=False)
    children: list[Element] = field(default_factory=list, repr=False)
    runs: list[TextRun] = field(default_factory=list, repr=False)
    # The 1-based position among siblings of the same qname, or 0 when no sibling shares it.
    sibling_number: int = 0
    name: str = field(init=False)  # the local name in lower case, which rules compare
    _path: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.name = _lower(self.local)

    @property
    def shown(self) -> str:
        """The name as written, cut for messages."""
        return short_name(self.qname)

    @property
    def path(self) -> str:
        """The element's path, such as ``svg/g[2]/a``, at most ``MAX_LOCATION_CHARS`` long."""
        if self._path is not None:
            return self._path
        # Walk up to the nearest ancestor with a cached path, then fill in the paths on the way down.
        # A loop, not recursion, so the depth of the tree does not matter.
        pending: list[Element] = []
        node: Element | None = self
        while node is not None and node._path is None:
            pending.append(node)
            node = node.parent
        path = node._path if node is not None else None
        for element in reversed(pending):
            step = element.shown + (f"[{element.sibling_number}]" if element.sibling_number else "")
            # Cutting the parent's path first gives the same tail as cutting the full path.
            path = clip_tail(step if path is None else f"{path}/{step}", MAX_LOCATION_CHARS)
            element._path = path
        return path or ""

    def attribute_path(self, attribute: Attribute) -> str:
        """Return the path of one of the element's attributes, such as ``svg/a@href``."""
        return clip_tail(f"{self.path}@{attribute.shown}", MAX_LOCATION_CHARS)

    def get(self, local: str, namespace: str = "") -> str | None:
        """Return the value of an attribute by exact namespace and local name, as an SVG viewer reads it."""
        for attribute in self.attributes:
            if attribute.local == local and attribute.namespace == namespace:
                return attribute.value
        return None

    def unprefixed(self, name: str) -> list[Attribute]:
        """Return every attribute without a prefix whose name is ``name`` in any case.

        The HTML parser reads ``ATTRIBUTENAME`` as ``attributeName`` and keeps the first of duplicates,
        while an SVG viewer reads only the exact spelling, so a rule must look at all of them.
        """
        return [attribute for attribute in self.attributes if attribute.name == name and not attribute.namespace]


def _lower(name: str) -> str:
    """Return the name in lower case, as the same string object when it is lower case already."""
    lowered = name.lower()
    return name if lowered == name else lowered


def iter_elements(root: Element) -> list[Element]:
    """Return every element in document order (without recursion, whatever the depth)."""
    ordered: list[Element] = []
    stack = [root]
    while stack:
        element = stack.pop()
        ordered.append(element)
        stack.extend(reversed(element.children))
    return ordered


def number_siblings(root: Element) -> None:
    """Number the siblings that share a name, 1-based as in XPath, so their paths tell them apart."""
    for element in iter_elements(root):
        totals: dict[str, int] = {}
        for child in element.children:
            totals[child.qname] = totals.get(child.qname, 0) + 1
        seen: dict[str, int] = {}
        for child in element.children:
            if totals[child.qname] > 1:
                seen[child.qname] = seen.get(child.qname, 0) + 1
                child.sibling_number = seen[child.qname]
