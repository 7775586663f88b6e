"""The logo checks against the shared corpus: real logos and tool exports pass, attacks fail for the right reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.errors import InvalidLogo
from cde_mcp.logo.checks import check_logo, inspect_logo

# The construct each hostile file must be rejected for (TECHNIQUES.tsv describes the technique).
HOSTILE_CONSTRUCTS = {
    "m01-script-element.svg": "script element",
    "m03-script-external-src.svg": "script element",
    "m05-event-handler-child.svg": "event-handler attribute",
    "m07-a-href-javascript.svg": "javascript: URL",
    "m09-javascript-char-refs.svg": "javascript: URL",
    "m11-set-href-javascript.svg": "animation of href",
    "m13-feimage-set-href-data-svg.svg": "animation of href",
    "m15-foreignobject-iframe-srcdoc.svg": "foreignObject element",
    "m17-a-href-data-svg.svg": "data:image/svg+xml document",
    "m19-external-image-ssrf.svg": "external URL",
    "m21-style-import-fontface.svg": "CSS @import",
    "m23-xxe-system-file.svg": "external entity",
    "m25-external-dtd-system.svg": "external DTD",
    "m27-billion-laughs.svg": "nested entity",
    "m29-parameter-laughs.svg": "parameter entity",
    "m31-xml-stylesheet-xslt.svg": "xml-stylesheet processing instruction",
    "m33-use-exponential.svg": "use expansion limit",
    "m35-cdata-html-breakout.svg": "markup in CDATA section",
    "m37-style-text-breakout.svg": "markup in CDATA section",
    "m39-php-tag-in-comment.svg": "markup in comment",
    "m41-datauri-base64-script.b64": "script element",
}

# The first problem each rejected case must report.
CASE_CONSTRUCTS = {
    "08-missing-xmlns.svg": "missing SVG namespace",
    "14-html-wrapper.svg": "HTML document",
    "22-uppercase-root.svg": "root element case",
    "24-javascript-entity-tab.svg": "javascript: URL",
    "26-foreignobject-script.svg": "foreignObject element",
    "27-xxe-system-entity.svg": "external entity",
    "28-billion-laughs.svg": "nested entity",
    "31-unclosed-br.svg": "XML syntax error",
}

ReadInput = Callable[[Path], bytes]


def test_real_logo_accepted_unchanged(real_logo: Path, read_input: ReadInput) -> None:
    data = read_input(real_logo)
    inspection = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert inspection.problems == ()
    assert inspection.upload == data


def test_tool_export_accepted_unchanged(tool_export: Path, read_input: ReadInput) -> None:
    data = read_input(tool_export)
    inspection = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert inspection.problems == ()
    assert inspection.upload == data


def test_hostile_file_rejected_for_its_construct(hostile_file: Path, read_input: ReadInput) -> None:
    inspection = inspect_logo(read_input(hostile_file), max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert not inspection.valid
    assert HOSTILE_CONSTRUCTS[hostile_file.name] in [problem.kind for problem in inspection.problems]


def test_hostile_file_raises_invalid_logo(hostile_file: Path, read_input: ReadInput) -> None:
    with pytest.raises(InvalidLogo) as raised:
        check_logo(read_input(hostile_file), max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert raised.value.details["problems"]


def test_every_hostile_technique_has_an_expected_construct(corpus: Path) -> None:
    rows = (corpus / "hostile" / "TECHNIQUES.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert {row.split("\t")[0] for row in rows if row.strip()} == set(HOSTILE_CONSTRUCTS)


def test_case_gets_expected_verdict(case_row: tuple[str, str, str], corpus: Path, read_input: ReadInput) -> None:
    name, verdict, reason = case_row
    inspection = inspect_logo(read_input(corpus / "cases" / name), max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert verdict in ("accept", "reject")
    assert inspection.valid == (verdict == "accept"), (reason, [p.message for p in inspection.problems])
    if verdict == "reject":
        assert inspection.problems[0].kind == CASE_CONSTRUCTS[name]


def test_corpus_complete(corpus: Path) -> None:
    # Parametrized tests silently vanish when a folder is empty, so the counts are checked here.
    assert len(list((corpus / "real").glob("*.svg"))) == 300
    assert len(list((corpus / "tools").glob("*.svg"))) == 30
    assert len([path for path in (corpus / "hostile").iterdir() if path.suffix != ".tsv"]) >= 21
    assert len((corpus / "cases" / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines()) >= 22
