"""The sandbox's test of whether an uploaded logo is SVG.

The real API's rule is undocumented, so the sandbox applies a minimal one. The payload must be
well-formed XML in an encoding the parser supports (UTF-8 unless declared otherwise). Its root
element must be ``svg``, with or without a namespace prefix. It parses with the standard
library's expat because defusedxml is not installed, and `is_svg` makes that safe by hand.
"""

from __future__ import annotations

from typing import NoReturn
from xml.parsers import expat

__all__ = ["is_svg"]


class _UnsafeXml(Exception):
    """An entity declaration or external reference, which the check rejects instead of resolving."""


def is_svg(payload: bytes) -> bool:
    """Return whether ``payload`` is a well-formed XML document whose root element is ``svg``.

    Any entity declaration in a DOCTYPE makes the result False, which rules out entity expansion
    attacks ("billion laughs") and external entities before they are used. A DOCTYPE without
    declarations, like the standard SVG 1.1 one, is accepted, and its external DTD is never fetched.
    """
    parser = expat.ParserCreate()
    root_names: list[str] = []

    def record_root(name: str, _attributes: dict[str, str]) -> None:
        if not root_names:
            root_names.append(name)

    parser.StartElementHandler = record_root
    parser.EntityDeclHandler = _reject
    parser.UnparsedEntityDeclHandler = _reject
    parser.ExternalEntityRefHandler = _reject
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    try:
        parser.Parse(payload, True)
    except (expat.ExpatError, _UnsafeXml):
        return False
    except (LookupError, ValueError):
        # expat raises these for a declared encoding that Python lacks or that is multi-byte.
        return False

    return bool(root_names) and root_names[0].rpartition(":")[2] == "svg"


def _reject(*_args: object) -> NoReturn:
    raise _UnsafeXml
