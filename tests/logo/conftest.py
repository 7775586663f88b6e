"""Shared test data for the logo checks: the corpus in ../shared/corpus, read in place and never copied.

Tests ask for ``real_logo``, ``tool_export``, ``hostile_file`` or ``case_row`` and get one parameter per
corpus file, with the file name as the test id. Without a corpus those tests fail.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.logo.checks import inspect_logo
from tests.helpers import CORPUS

_DATA_URI_PREFIX = re.compile(r"^data:[^,]*;base64,", re.IGNORECASE)


def read_corpus_file(path: Path) -> bytes:
    """Return a corpus file's bytes; ``.b64`` files hold base64 text, possibly as a ``data:`` URI."""
    data = path.read_bytes()
    if path.suffix != ".b64":
        return data
    text = "".join(data.decode("ascii").split())
    try:
        return base64.b64decode(_DATA_URI_PREFIX.sub("", text), validate=True)
    except binascii.Error as error:
        raise AssertionError(f"{path.name} is not base64 text") from error


SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


def svg_document(body: str) -> bytes:
    """Wrap markup in a root svg element with the SVG and XLink namespaces and a square viewBox."""
    return f"{SVG_OPEN}{body}</svg>".encode()


def constructs_and_locations(data: bytes) -> list[tuple[str, str]]:
    """Inspect a logo and return each problem as (construct, location)."""
    return [(p.kind, p.location) for p in inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems]


def _corpus_files(folder: str, pattern: str) -> list[Path]:
    return sorted((CORPUS / folder).glob(pattern))


def _expected_cases() -> list[tuple[str, str, str]]:
    table = CORPUS / "cases" / "EXPECTED.tsv"
    if not table.is_file():
        return []
    rows = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [(row[0], row[1], row[2] if len(row) > 2 else "") for row in rows]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    files = {
        "real_logo": _corpus_files("real", "*.svg"),
        "tool_export": _corpus_files("tools", "*.svg"),
        "hostile_file": [path for path in _corpus_files("hostile", "*") if path.suffix not in (".tsv", ".md")],
    }
    for name, paths in files.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, paths, ids=[path.name for path in paths])
    if "case_row" in metafunc.fixturenames:
        rows = _expected_cases()
        metafunc.parametrize("case_row", rows, ids=[row[0] for row in rows])


@pytest.fixture(scope="session")
def corpus() -> Path:
    # A missing corpus must fail the run: skipping would let CI pass without checking a single logo.
    assert CORPUS.is_dir(), f"no logo corpus at {CORPUS}; the shared folder must sit next to the project"
    return CORPUS


@pytest.fixture(scope="session")
def read_input() -> Callable[[Path], bytes]:
    return read_corpus_file


@pytest.fixture(scope="session")
def accepted_samples() -> list[bytes]:
    """A few logos of every accepted kind, as seeds for mutation tests; empty without a corpus."""
    paths = [
        *_corpus_files("real", "*.svg")[:20],
        *_corpus_files("tools", "*.svg"),
        *[CORPUS / "cases" / name for name, verdict, _ in _expected_cases() if verdict == "accept"],
    ]
    return [read_corpus_file(path) for path in paths]


@pytest.fixture(scope="session")
def make_svg() -> Callable[[str], bytes]:
    return svg_document


@pytest.fixture(scope="session")
def findings() -> Callable[[bytes], list[tuple[str, str]]]:
    return constructs_and_locations
