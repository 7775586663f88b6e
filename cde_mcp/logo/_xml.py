"""Parse a logo's text into a small element tree without resolving anything outside the text.

The parser is the standard library's expat (``xml.parsers.expat``), driven by handlers that vet
every declaration before expat acts on it:

* No DTD is ever loaded, because parameter entity parsing is off. Only the public W3C SVG DOCTYPEs
  may name a DTD, and any other external DTD stops the parse.
* Every ``<!ENTITY>`` is vetted when declared. Parameter entities, external (SYSTEM, PUBLIC, NDATA)
  entities, entities that refer to other entities and entities that contain markup stop the parse.
  Text-only internal entities, as Adobe Illustrator writes them, are allowed.
* Before any element is read, the references to the declared entities are counted and their total
  expansion is capped, so neither "billion laughs" nor quadratic blow-up can start.
* A reference to an undeclared entity stops the parse: expat reports it, or skips it when a DOCTYPE
  names a DTD, and the skip handler then stops the parse.
* Nesting depth and the number of elements are capped.

Expat was chosen over lxml and defusedxml because it ships with Python, it never fetches anything,
and its handlers see each declaration before it takes effect, which keeps the whole policy in one place.
Expat's own amplification limit stays on as a second guard.

Comments, processing instructions, CDATA sections and text are recorded or checked on the way, and
the result is a tree of :class:`~cde_mcp.logo._tree.Element`, whose siblings of the same name are
numbered for their paths (``svg/g[2]/a``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from cde_mcp.logo._findings import Finding, FindingLog, excerpt, where
from cde_mcp.logo._tree import Attribute, Element, TextRun, number_siblings

__all__ = ["MARKUP", "ParsedSvg", "parse_svg"]

MAX_DEPTH = 256
MAX_ELEMENTS = 50_000
MAX_ENTITY_EXPANSION_CHARS = 1_048_576

# "<" followed by what would start a tag, an end tag, a comment, a declaration or a processing instruction
# (or a server-side "<%" block) in HTML or in a template.
MARKUP = re.compile(r"<[A-Za-z/?!%]")

# Cannot occur in a name or a namespace URI: XML 1.0 does not allow U+0001 anywhere in a document.
_NS_SEPARATOR = "\x01"
# Every "&name;" in the text, also inside comments and CDATA: counting too many only errs on the safe side.
_ENTITY_REFERENCE = re.compile(r"&([^\s&;<>\"'#][^\s&;<>\"']*);")

# The public W3C SVG DTDs, by public id, with the address they live at (over http or https).
_SVG_DTD_1_0 = "www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd"
_SVG_DTDS = {
    "-//W3C//DTD SVG 1.0//EN": _SVG_DTD_1_0,
    "-//W3C//DTD SVG 20010904//EN": _SVG_DTD_1_0,
    "-//W3C//DTD SVG 1.1//EN": "www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd",
    "-//W3C//DTD SVG 1.1 Basic//EN": "www.w3.org/Graphics/SVG/1.1/DTD/svg11-basic.dtd",
    "-//W3C//DTD SVG 1.1 Tiny//EN": "www.w3.org/Graphics/SVG/1.1/DTD/svg11-tiny.dtd",
}


@dataclass(slots=True)
class ParsedSvg:
    """The root element (None when parsing stopped before it) and the findings of the parse."""

    root: Element | None
    findings: FindingLog


def parse_svg(text: str) -> ParsedSvg:
    """Parse the logo's text safely and turn every problem into a finding instead of an exception."""
    builder = _TreeBuilder(text)
    builder.run()
    if builder.root is not None:
        number_siblings(builder.root)
    return ParsedSvg(builder.root, builder.findings)


class _Stop(Exception):
    """Stops expat at once from inside a handler, carrying the finding that explains why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.reason)
        self.finding = finding


class _TreeBuilder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.root: Element | None = None
        self.findings = FindingLog()
        self.stack: list[Element] = []
        self.element_count = 0
        self.entities: dict[str, str] = {}
        # The text of the CDATA section being read, in the pieces expat delivers, or None outside one.
        self.cdata: list[str] | None = None
        self.open_run: TextRun | None = None
        self.split_names: dict[str, tuple[str, str, str]] = {}

        # encoding="UTF-8" makes expat ignore the XML declaration: the text was decoded already.
        parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=_NS_SEPARATOR)
        parser.namespace_prefixes = True
        parser.ordered_attributes = True
        parser.buffer_text = True
        # Never read an external DTD or external parameter entities.
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.ExternalEntityRefHandler = _reject_external_entity
        parser.StartDoctypeDeclHandler = self.start_doctype
        parser.EndDoctypeDeclHandler = self.end_doctype
        parser.EntityDeclHandler = self.entity_declaration
        parser.AttlistDeclHandler = self.attlist_declaration
        parser.ElementDeclHandler = self.element_declaration
        parser.NotationDeclHandler = self.notation_declaration
        parser.SkippedEntityHandler = self.skipped_entity
        parser.ProcessingInstructionHandler = self.processing_instruction
        parser.CommentHandler = self.comment
        parser.StartCdataSectionHandler = self.start_cdata
        parser.EndCdataSectionHandler = self.end_cdata
        parser.StartElementHandler = self.start_element
        parser.EndElementHandler = self.end_element
        parser.CharacterDataHandler = self.character_data
        self.parser = parser

    @property
    def line(self) -> str:
        return f"line {self.parser.CurrentLineNumber}"

    def run(self) -> None:
        try:
            self.parser.Parse(self.text.encode("utf-8"), True)
        except _Stop as stop:
            self.findings.add(stop.finding)
        except expat.ExpatError as error:
            self.findings.add(_syntax_finding(error))

    # Document type declaration ------------------------------------------------------------------

    def start_doctype(self, name: str, system_id: str | None, public_id: str | None, _subset: int) -> None:
        if system_id is None and public_id is None:
            return
        known = _SVG_DTDS.get(public_id or "")
        if known is not None and system_id in (None, f"http://{known}", f"https://{known}"):
            return
        dtd = excerpt(system_id or public_id or "")
        raise _Stop(
            Finding(
                self.line,
                "external DTD",
                f"The DOCTYPE {where(self.line)} names the external DTD {dtd}, and a viewer that loads it "
                "can be made to read local files or contact other servers",
                'remove the DOCTYPE (SVG needs none) or use <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
            )
        )

    def entity_declaration(
        self,
        name: str,
        is_parameter_entity: int,
        value: str | None,
        _base: str | None,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        line = self.line
        if is_parameter_entity:
            construct, detail = "parameter entity", "is a parameter entity, which can rewrite the DTD itself"
        elif value is None or system_id is not None or public_id is not None or notation is not None:
            construct = "external entity"
            detail = f"loads an external resource ({excerpt(system_id or public_id or '')}), which can leak local files"
        elif "&" in value:
            construct = "nested entity"
            detail = "refers to other entities, which is how billion-laughs attacks expand a small file into gigabytes"
        elif "<" in value:
            construct = "markup in entity"
            detail = "contains markup, which would insert elements that do not appear in the file"
        else:
            self.entities.setdefault(name, value)  # the first declaration of a name is the one that counts
            return
        raise _Stop(
            Finding(
                line,
                construct,
                f"The entity {excerpt(name)} declared {where(line)} {detail}",
                "remove the entity declaration, since only entities with plain-text values are accepted",
            )
        )

    def end_doctype(self) -> None:
        """Cap what the declared entities will expand to, before expat reads the first element."""
        expansion = sum(len(self.entities.get(match.group(1), "")) for match in _ENTITY_REFERENCE.finditer(self.text))
        if expansion > MAX_ENTITY_EXPANSION_CHARS:
            raise _Stop(
                Finding(
                    self.line,
                    "entity expansion limit",
                    f"The entity references in the file expand to {expansion:,} characters, more than the "
                    f"limit of {MAX_ENTITY_EXPANSION_CHARS:,}, which is how entity bombs exhaust memory",
                    "write the values out instead of using entities, or export the logo again",
                )
            )

    def attlist_declaration(self, element: str, attribute: str, *_: Any) -> None:
        self.findings.add(
            Finding(
                self.line,
                "DTD declaration",
                f"The DOCTYPE {where(self.line)} declares a default for the attribute {excerpt(attribute)} "
                f"of {excerpt(element)}, which adds attributes that do not appear in the markup",
                "remove the <!ATTLIST> declaration, since only plain-text <!ENTITY> declarations are accepted",
            )
        )

    def element_declaration(self, name: str, _model: Any) -> None:
        self.findings.add(_unsupported_declaration(self.line, f"<!ELEMENT {name}>"))

    def notation_declaration(self, name: str, *_: Any) -> None:
        self.findings.add(_unsupported_declaration(self.line, f"<!NOTATION {name}>"))

    def skipped_entity(self, name: str, _is_parameter_entity: int) -> None:
        raise _Stop(_undefined_entity(name, self.line))

    # Nodes outside elements ----------------------------------------------------------------------

    def processing_instruction(self, target: str, data: str) -> None:
        instruction = excerpt(f"<?{target} {data}".rstrip() + "?>")
        if target.lower() == "xml-stylesheet":
            self.findings.add(
                Finding(
                    self.line,
                    "xml-stylesheet processing instruction",
                    f"The processing instruction {instruction} {where(self.line)} applies an outside stylesheet or "
                    "XSLT transform, which can rewrite the logo and add script",
                    "remove it and put any CSS in a <style> element inside the logo",
                )
            )
            return
        self.findings.add(
            Finding(
                self.line,
                "processing instruction",
                f"The processing instruction {instruction} {where(self.line)} is meant for other software, such as "
                "server-side code, and has no place in an image",
                "remove it",
            )
        )

    def comment(self, data: str) -> None:
        found = MARKUP.search(data)
        if found is None:
            return
        self.findings.add(
            Finding(
                self.line,
                "markup in comment",
                f"The comment {where(self.line)} contains markup or code "
                f"({excerpt(data[found.start() : found.start() + 20])}), which runs if the file is ever served "
                "as HTML or PHP or the comment is cut open",
                "remove the comment",
            )
        )

    # Elements and text ---------------------------------------------------------------------------

    def start_element(self, name: str, attributes: list[str]) -> None:
        self.element_count += 1
        if self.element_count > MAX_ELEMENTS:
            raise _Stop(
                Finding(
                    self.line,
                    "too many elements",
                    f"The logo has more than {MAX_ELEMENTS:,} elements, far more than a logo needs",
                    "simplify the artwork, for example by merging paths, and export it again",
                )
            )
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(
                Finding(
                    self.line,
                    "element nesting too deep",
                    f"Elements are nested more than {MAX_DEPTH} levels deep {where(self.line)}, far deeper "
                    "than a logo needs",
                    "flatten the groups in the design tool and export again",
                )
            )
        namespace, local, qname = self.split_name(name)
        element = Element(
            namespace,
            local,
            qname,
            [Attribute(*self.split_name(attributes[i]), attributes[i + 1]) for i in range(0, len(attributes), 2)],
            self.parser.CurrentLineNumber,
            parent=self.stack[-1] if self.stack else None,
        )
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)
        self.open_run = None

    def split_name(self, name: str) -> tuple[str, str, str]:
        """Split a name as ``_split_name`` does, sharing the strings between elements of the same name."""
        split = self.split_names.get(name)
        if split is None:
            split = self.split_names[name] = _split_name(name)
        return split

    def end_element(self, _name: str) -> None:
        self.stack.pop()
        self.open_run = None

    def start_cdata(self) -> None:
        self.cdata = []

    def end_cdata(self) -> None:
        # One part per CDATA section, so markup split across expat's pieces is still seen whole.
        section = "".join(self.cdata or ())
        self.cdata = None
        self.add_text(is_cdata=True, data=section)

    def character_data(self, data: str) -> None:
        if self.cdata is not None:
            self.cdata.append(data)
        else:
            self.add_text(is_cdata=False, data=data)

    def add_text(self, *, is_cdata: bool, data: str) -> None:
        if not self.stack:
            return  # expat allows only white space outside the root element
        if self.open_run is None:
            self.open_run = TextRun()
            self.stack[-1].runs.append(self.open_run)
        self.open_run.parts.append((is_cdata, data))


def _reject_external_entity(*_: Any) -> int:
    return 0  # expat treats zero as an entity that failed to load, and stops the parse


def _split_name(name: str) -> tuple[str, str, str]:
    """Split expat's "namespace SEP local SEP prefix" into namespace, local name and name as written."""
    parts = name.split(_NS_SEPARATOR)
    if len(parts) == 3:
        return parts[0], parts[1], f"{parts[2]}:{parts[1]}"
    if len(parts) == 2:
        return parts[0], parts[1], parts[1]
    return "", name, name


def _undefined_entity(name: str, line: str) -> Finding:
    return Finding(
        line,
        "undefined entity",
        f"The entity reference &{name}; {where(line)} is not declared in the file "
        "(HTML names such as &nbsp; do not exist in SVG)",
        "replace it with the character itself or a numeric reference such as &#160;",
    )


def _unsupported_declaration(line: str, declaration: str) -> Finding:
    return Finding(
        line,
        "DTD declaration",
        f"The DOCTYPE {where(line)} contains {excerpt(declaration)}, which design tools do not write",
        "remove it, since only plain-text <!ENTITY> declarations are accepted",
    )


_SYNTAX_CONSTRUCTS = {
    expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]: (
        "undefined entity",
        "replace the entity with the character itself or a numeric reference such as &#160;",
    ),
    expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]: (
        "undeclared namespace prefix",
        'declare the prefix on the root element, for xlink: add xmlns:xlink="http://www.w3.org/1999/xlink"',
    ),
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]: (
        "no root element",
        "choose the SVG file of the logo, because this file has no <svg> element",
    ),
    # Expat's own guard against entity bombs. The checks above normally stop them first.
    expat.errors.codes[expat.errors.XML_ERROR_AMPLIFICATION_LIMIT_BREACH]: (
        "entity expansion limit",
        "write the values out instead of using entities, or export the logo again",
    ),
}


def _syntax_finding(error: expat.ExpatError) -> Finding:
    location = f"line {error.lineno}"
    description = expat.ErrorString(error.code) or "syntax error"
    construct, fix = _SYNTAX_CONSTRUCTS.get(
        error.code,
        ("XML syntax error", "correct the markup there, or export the logo again from the design tool"),
    )
    return Finding(
        location,
        construct,
        f"The file is not well-formed XML: {description} {where(location)}, column {error.offset + 1}",
        fix,
    )
