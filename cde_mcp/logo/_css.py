"""Find external references and active constructs in CSS: ``<style>`` text, ``style`` and presentation attributes.

CSS is tokenized with tinycss2, which decodes escapes (``u\\72l(`` is ``url(``) and drops comments the
way a browser does, so neither can hide a URL from these checks. Every token is visited, inside
rules, at-rules, blocks and functions:

* ``@import`` and ``@font-face`` are rejected outright: both exist to load other files;
* ``url()`` and ``src()``, and the string arguments of ``image()``, ``image-set()`` and ``cross-fade()``,
  are URLs and go through the same rules as ``href`` attributes;
* ``expression()`` (old Internet Explorer script in CSS) is rejected.
"""

from __future__ import annotations

import re

import tinycss2  # type: ignore[import-untyped]
from tinycss2 import ast

from cde_mcp.logo._findings import Finding, where
from cde_mcp.logo._references import url_finding

__all__ = ["css_findings", "may_hold_css_url"]

_URL_FUNCTIONS = frozenset({"url", "src"})
_IMAGE_FUNCTIONS = frozenset({"image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade"})
_LOADING_AT_RULES = {
    "import": (
        "CSS @import",
        "move the rules of the imported stylesheet into the logo's own <style> element",
    ),
    "font-face": (
        "CSS @font-face",
        "convert the text to paths in the design tool and remove the @font-face rule",
    ),
}
# A CSS function needs "name(" written out or an escape in its name, so other values can skip tokenizing.
_FUNCTION_HINT = re.compile(r"(?i)(url|src|image|image-set|cross-fade|expression)\(|\\")


def may_hold_css_url(value: str) -> bool:
    """Return whether an attribute value could hold a CSS function that loads something.

    Most attribute values (path data, numbers, transforms) cannot, and skipping them keeps large logos fast.
    """
    return _FUNCTION_HINT.search(value) is not None


def css_findings(css: str, *, location: str, source: str) -> list[Finding]:
    """Return the findings for one piece of CSS.

    Args:
        css: The stylesheet, declaration list or property value.
        location: Where the CSS is, such as ``svg/style`` or ``svg/rect@fill``.
        source: What contains the CSS, named in messages, such as ``the style element``.
    """
    findings: list[Finding] = []
    pending: list[list[ast.Node]] = [tinycss2.parse_component_value_list(css, skip_comments=True)]
    while pending:
        for node in pending.pop():
            if isinstance(node, ast.AtKeywordToken):
                rule = _LOADING_AT_RULES.get(node.lower_value)
                if rule is not None:
                    findings.append(_loading_at_rule(*rule, location=location, source=source))
            elif isinstance(node, ast.URLToken):
                _add(
                    findings,
                    url_finding(node.value, location=location, source=f"a CSS url() in {source}", raster_allowed=True),
                )
            elif isinstance(node, ast.FunctionBlock):
                findings.extend(_function_findings(node, location=location, source=source))
                pending.append(node.arguments)
            elif isinstance(node, ast.ParenthesesBlock | ast.SquareBracketsBlock | ast.CurlyBracketsBlock):
                pending.append(node.content)
    return findings


def _function_findings(function: ast.FunctionBlock, *, location: str, source: str) -> list[Finding]:
    name = function.lower_name
    if name == "expression":
        return [
            Finding(
                location,
                "CSS expression()",
                f"A CSS expression() in {source} {where(location)} is script written as CSS",
                "remove the expression() and write a plain value",
            )
        ]
    if name not in _URL_FUNCTIONS and name not in _IMAGE_FUNCTIONS:
        return []
    findings: list[Finding] = []
    for argument in function.arguments:
        if isinstance(argument, ast.StringToken):
            _add(
                findings,
                url_finding(
                    argument.value,
                    location=location,
                    source=f"a CSS {name}() in {source}",
                    raster_allowed=True,
                ),
            )
    return findings


def _loading_at_rule(construct: str, fix: str, *, location: str, source: str) -> Finding:
    return Finding(
        location,
        construct,
        f"A {construct} rule in {source} {where(location)} loads another file, "
        "which every viewer of the logo would fetch",
        fix,
    )


def _add(findings: list[Finding], finding: Finding | None) -> None:
    if finding is not None:
        findings.append(finding)
