"""Find external references and active constructs in CSS: ``<style>`` text, ``style`` and presentation attributes.

CSS is tokenized with tinycss2, which decodes escapes (``u\\72l(`` is ``url(``) and drops comments the
way a browser does, so neither can hide a URL from these checks. Every token is visited, inside
rules, at-rules, blocks and functions:

* ``@import`` and ``@font-face`` are rejected outright: both exist to load other files;
* ``url()`` and ``src()``, and the string arguments of ``image()``, ``image-set()`` and ``cross-fade()``,
  are URLs and go through the same rules as ``href`` attributes;
* ``expression()`` (old Internet Explorer script in CSS) is rejected.

Before tokenizing, brackets are counted outside strings and comments, and CSS that nests ``(``, ``[``
or ``{`` more than ``MAX_CSS_NESTING_DEPTH`` levels deep is rejected unread. tinycss2 builds a block
object for each level, so a million unclosed ``(`` would cost seconds and hundreds of MB.

One piece of CSS longer than ``MAX_CSS_CHARS`` is also rejected unread. tinycss2 1.5.1 builds every
token of a stylesheet at once, and a 1 MiB ``<style>`` of one-character tokens took about 4 seconds and
100 MiB (measured by hand with ``inspect_logo`` on Python 3.11 and one AMD EPYC core). The largest
stylesheet among the 330 real and tool-exported logos in the test corpus is about 1.2 KB.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tinycss2  # type: ignore[import-untyped]
from tinycss2 import ast

from cde_mcp.logo._findings import Finding, where
from cde_mcp.logo._references import url_finding

__all__ = ["MAX_CSS_CHARS", "MAX_CSS_NESTING_DEPTH", "css_findings", "may_hold_css_url"]

MAX_CSS_CHARS = 128 * 1024  # about a hundred times the largest stylesheet of a real logo seen
MAX_CSS_NESTING_DEPTH = 32  # real stylesheets nest a few levels: @media, a rule, calc() in var()

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
# Tokens that the nesting count steps over: a comment, a string (which a line break also ends), an escaped
# character, or one bracket. Each alternative starts differently, so the scan never backtracks.
_NESTING_TOKEN = re.compile(
    r"/\*.*?(?:\*/|\Z)|\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?|\\.|[(\[{)\]}]",
    re.DOTALL,
)
# Inside an unquoted url(...), tinycss2 reads these as plain characters, not as strings, comments or blocks.
_URL_AMBIGUITY = re.compile(r"[)\"'(\\]|/\*")
_URL_NAME_WINDOW = 24  # "url" written with three escapes of up to 8 characters each
_CLOSING = {"(": ")", "[": "]", "{": "}"}


def may_hold_css_url(value: str) -> bool:
    """Return whether an attribute value could hold a CSS function that loads something.

    Most attribute values (path data, numbers, transforms) cannot, and skipping them keeps large logos fast.
    """
    return _FUNCTION_HINT.search(value) is not None


def css_findings(css: str, *, location: str, source: str) -> Iterator[Finding]:
    """Yield the findings for one piece of CSS.

    Args:
        css: The stylesheet, declaration list or property value.
        location: Where the CSS is, such as ``svg/style`` or ``svg/rect@fill``.
        source: What contains the CSS, named in messages, such as ``the style element``.
    """
    if len(css) > MAX_CSS_CHARS:
        yield Finding(
            location,
            "CSS too large",
            f"The CSS in {source} {where(location)} has {len(css):,} characters, more than the "
            f"{MAX_CSS_CHARS:,} a logo's styles need, so it is not read",
            "move repeated styles into classes, or export the logo again from the design tool",
        )
        return
    if _nesting_exceeds(css, MAX_CSS_NESTING_DEPTH):
        yield Finding(
            location,
            "CSS nesting too deep",
            f"The CSS in {source} {where(location)} nests brackets more than {MAX_CSS_NESTING_DEPTH} levels deep, "
            "far deeper than a stylesheet needs, so it is not read",
            "remove the extra brackets, or export the logo again from the design tool",
        )
        return
    pending: list[list[ast.Node]] = [tinycss2.parse_component_value_list(css, skip_comments=True)]
    while pending:
        for node in pending.pop():
            if isinstance(node, ast.AtKeywordToken):
                rule = _LOADING_AT_RULES.get(node.lower_value)
                if rule is not None:
                    yield _loading_at_rule(*rule, location=location, source=source)
            elif isinstance(node, ast.URLToken):
                finding = url_finding(
                    node.value, location=location, source=f"a CSS url() in {source}", raster_allowed=True
                )
                if finding is not None:
                    yield finding
            elif isinstance(node, ast.FunctionBlock):
                yield from _function_findings(node, location=location, source=source)
                pending.append(node.arguments)
            elif isinstance(node, ast.ParenthesesBlock | ast.SquareBracketsBlock | ast.CurlyBracketsBlock):
                pending.append(node.content)


def _nesting_exceeds(css: str, max_depth: int) -> bool:
    """Return whether tinycss2 would nest blocks deeper than ``max_depth``, without building them.

    The scan tracks strings, comments and escapes as tinycss2 does, and a closing bracket ends only
    the innermost open block of its kind, so ``(]`` leaves the parenthesis open. The one place where
    tinycss2 reads characters differently is an unquoted ``url(...)``, in which quotes, ``/*``,
    backslashes and ``(`` are plain characters. Where such a URL may contain one of them, the scan
    counts every opening bracket in the CSS instead, which can only overstate the depth.
    """
    # The same preprocessing as tinycss2, so strings end at the same line breaks.
    text = css.replace("\0", "\ufffd").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    open_blocks: list[str] = []
    for match in _NESTING_TOKEN.finditer(text):
        lexeme = match.group()
        closing = _CLOSING.get(lexeme)
        if closing is None:
            if open_blocks and lexeme == open_blocks[-1]:
                open_blocks.pop()
            continue
        if lexeme == "(" and _may_start_ambiguous_url(text, match.start()):
            return sum(text.count(bracket) for bracket in _CLOSING) > max_depth
        open_blocks.append(closing)
        if len(open_blocks) > max_depth:
            return True
    return False


def _may_start_ambiguous_url(text: str, paren: int) -> bool:
    """Return whether the ``(`` at ``paren`` may open an unquoted URL that the nesting scan misreads.

    Any name ending in "url", or any name with an escape, may be ``url``. The URL then runs to the
    first ``)``, and the scan reads it the same way unless a quote, comment, backslash or ``(`` comes first.
    """
    name = text[max(0, paren - _URL_NAME_WINDOW) : paren]
    if not name.lower().endswith("url") and "\\" not in name:
        return False
    start = paren + 1
    while text.startswith((" ", "\n", "\t"), start):
        start += 1
    if text.startswith(('"', "'"), start):
        return False  # url("...") is a function whose argument is a string, read alike by both
    found = _URL_AMBIGUITY.search(text, start)
    return found is not None and found.group() != ")"


def _function_findings(function: ast.FunctionBlock, *, location: str, source: str) -> Iterator[Finding]:
    name = function.lower_name
    if name == "expression":
        yield Finding(
            location,
            "CSS expression()",
            f"A CSS expression() in {source} {where(location)} is script written as CSS",
            "remove the expression() and write a plain value",
        )
        return
    if name not in _URL_FUNCTIONS and name not in _IMAGE_FUNCTIONS:
        return
    for argument in function.arguments:
        if isinstance(argument, ast.StringToken):
            finding = url_finding(
                argument.value, location=location, source=f"a CSS {name}() in {source}", raster_allowed=True
            )
            if finding is not None:
                yield finding


def _loading_at_rule(construct: str, fix: str, *, location: str, source: str) -> Finding:
    return Finding(
        location,
        construct,
        f"A {construct} rule in {source} {where(location)} loads another file, "
        "which every viewer of the logo would fetch",
        fix,
    )
