"""The public interface of the logo checks: models, facts, warnings and the InvalidLogo error."""

from __future__ import annotations

import hashlib
import json
import logging
import tracemalloc
import types
from collections.abc import Callable

import pytest

from cde_mcp.config import DEFAULT_LOGO_MAX_BYTES
from cde_mcp.errors import InvalidLogo
from cde_mcp.logo import checks
from cde_mcp.logo._findings import MAX_KEPT_FINDINGS, MAX_LOCATION_CHARS, MAX_MESSAGE_CHARS, MAX_NAME_CHARS
from cde_mcp.logo.checks import MAX_LISTED_PROBLEMS, LogoInspection, LogoProblem, check_logo, inspect_logo

MakeSvg = Callable[[str], bytes]
SQUARE = b'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M0 0h24"/></svg>'


def test_all_lists_public_names() -> None:
    defined_here = {
        name
        for name, value in vars(checks).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and getattr(value, "__module__", checks.__name__) == checks.__name__
    }
    assert set(checks.__all__) == defined_here


def test_valid_logo_facts() -> None:
    inspection = check_logo(SQUARE, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert inspection.valid
    assert inspection.upload == SQUARE
    assert inspection.size_bytes == len(SQUARE)
    assert inspection.sha256 == hashlib.sha256(SQUARE).hexdigest()
    assert (inspection.width, inspection.height, inspection.view_box) == ("24", "24", "0 0 24 24")
    assert inspection.warnings == ()
    assert inspection.normalizations == ()


def test_invalid_logo_facts_describe_the_input() -> None:
    data = SQUARE.replace(b"<path", b'<path onclick="alert(1)"')
    inspection = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert not inspection.valid
    assert inspection.upload is None
    assert inspection.size_bytes == len(data)
    assert inspection.sha256 == hashlib.sha256(data).hexdigest()
    assert inspection.view_box == "0 0 24 24"


def test_upload_left_out_of_dump_and_json() -> None:
    inspection = inspect_logo(SQUARE, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert "upload" not in inspection.model_dump()
    assert "upload" not in json.loads(inspection.model_dump_json())
    assert "upload" not in repr(inspection)


def test_models_are_frozen() -> None:
    inspection = inspect_logo(SQUARE, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    with pytest.raises(ValueError, match="frozen"):
        inspection.valid = False  # type: ignore[misc]
    problem = LogoProblem(location="svg", kind="script element", message="m", fix="f")
    assert problem.kind == "script element"


def test_warning_without_view_box_suggests_one() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg" width="32px" height="32"><path d="M0 0h1"/></svg>'
    (warning,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).warnings
    assert "no viewBox" in warning
    assert 'viewBox="0 0 32 32"' in warning


def test_warning_for_wide_logo() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"><path d="M0 0h1"/></svg>'
    (warning,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).warnings
    assert "3.0 times as wide as it is tall" in warning


def test_warning_for_unreadable_view_box() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 -5 x"><path d="M0 0h1"/></svg>'
    (warning,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).warnings
    assert "is not four numbers" in warning


def test_no_ratio_warning_for_percent_sizes() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="20%" viewBox="0 0 10 9"/>'
    assert inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).warnings == ()


def test_check_logo_error_names_first_problem(make_svg: MakeSvg) -> None:
    data = make_svg('<script>alert(1)</script><a href="javascript:x()"/><g onload="y()"/>')
    with pytest.raises(InvalidLogo) as raised:
        check_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    error = raised.value
    assert error.message.startswith("A script element at svg/script runs code")
    assert error.message.endswith("remove the script, since a logo needs none.")
    assert error.hint == "The logo has 2 more problems; validate_connector_logo (or cde-mcp validate) lists them all."
    assert [p["kind"] for p in error.details["problems"]] == [
        "script element",
        "javascript: URL",
        "event-handler attribute",
    ]
    assert str(error).startswith("invalid_logo: A script element at svg/script")


def test_check_logo_error_with_one_problem(make_svg: MakeSvg) -> None:
    with pytest.raises(InvalidLogo) as raised:
        check_logo(make_svg('<a href="https://example.com/"/>'), max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert "more problem" not in raised.value.message
    assert raised.value.details["problems"][0]["location"] == "svg/a@href"


def test_problem_message_is_one_sentence(make_svg: MakeSvg) -> None:
    (problem,) = inspect_logo(make_svg('<image href="logo.png"/>'), max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert problem.message.count(". ") == 0
    assert problem.message.endswith(".")
    assert "svg/image@href" in problem.message
    assert problem.fix == "Embed the image as a base64 data:image/png URL, or remove the reference."


def test_problem_list_is_capped(make_svg: MakeSvg) -> None:
    inspection = inspect_logo(make_svg('<g onclick="x()"/>' * 500), max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert len(inspection.problems) == MAX_LISTED_PROBLEMS
    assert inspection.problems[-1].kind == "more problems"
    assert "401 more problems" in inspection.problems[-1].message


def test_unexpected_error_rejects_and_logs(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(_text: str) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(checks, "parse_svg", broken)
    with caplog.at_level(logging.ERROR, logger="cde_mcp.logo.checks"):
        inspection = inspect_logo(SQUARE, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert [p.kind for p in inspection.problems] == ["checker failure"]
    assert inspection.upload is None
    assert "failed unexpectedly" in caplog.text
    with pytest.raises(InvalidLogo):
        check_logo(SQUARE, max_bytes=DEFAULT_LOGO_MAX_BYTES)


def test_inspection_round_trips_through_json() -> None:
    inspection = inspect_logo(b"<svg/>", max_bytes=DEFAULT_LOGO_MAX_BYTES)
    again = LogoInspection.model_validate_json(inspection.model_dump_json())
    assert again.problems == inspection.problems


# Report size ----------------------------------------------------------------------------------------


def test_report_of_path_bomb_is_bounded(make_svg: MakeSvg) -> None:
    # Every path used to repeat the 400,000-character name, one copy per child.
    name = "g" + "x" * 400_000
    data = make_svg(f"<{name}>" + "<a/>" * 50_000 + f"</{name}>")
    assert len(data) <= DEFAULT_LOGO_MAX_BYTES
    inspection = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert [p.kind for p in inspection.problems] == ["too many elements", "unknown SVG element"]
    for problem in inspection.problems:
        assert len(problem.location) <= MAX_LOCATION_CHARS
        assert len(problem.message) <= MAX_MESSAGE_CHARS
        assert len(problem.fix) <= MAX_MESSAGE_CHARS
    assert inspection.problems[1].location == f"svg/{name[:MAX_NAME_CHARS]}\N{HORIZONTAL ELLIPSIS}"


def test_path_bomb_memory_is_bounded(make_svg: MakeSvg) -> None:
    name = "g" + "x" * 400_000
    data = make_svg(f"<{name}>" + '<a onclick="x"/>' * 12_000 + f"</{name}>")
    tracemalloc.start()
    try:
        inspection = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
        peak_bytes = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert inspection.problems[-1].message.startswith("The logo has 11,902 more problems")
    assert all(len(problem.location) <= MAX_LOCATION_CHARS for problem in inspection.problems)
    assert peak_bytes < 64 * 1024 * 1024


def test_long_names_cut_in_locations_and_messages(make_svg: MakeSvg) -> None:
    element, attribute = "e:a" + "b" * 100, "onclick" + "c" * 100
    data = make_svg(f'<{element} xmlns:e="urn:editor" {attribute}="x"/>')
    (problem,) = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    cut_element = element[:MAX_NAME_CHARS] + "\N{HORIZONTAL ELLIPSIS}"
    cut_attribute = attribute[:MAX_NAME_CHARS] + "\N{HORIZONTAL ELLIPSIS}"
    assert problem.location == f"svg/{cut_element}@{cut_attribute}"
    assert f"attribute {cut_attribute} at svg/{cut_element}@{cut_attribute} runs script" in problem.message
    assert problem.fix == f"Remove the {cut_attribute} attribute."


def test_deep_path_keeps_its_end(make_svg: MakeSvg) -> None:
    group = "e:g" + "y" * 20
    body = '<e:root xmlns:e="urn:editor">' + f"<{group}>" * 200 + "<script/>" + f"</{group}>" * 200 + "</e:root>"
    (problem,) = inspect_logo(make_svg(body), max_bytes=DEFAULT_LOGO_MAX_BYTES).problems
    assert len(problem.location) == MAX_LOCATION_CHARS
    assert problem.location.startswith("\N{HORIZONTAL ELLIPSIS}")
    assert problem.location.endswith(f"/{group}/{group}/script")


def test_parse_problems_counted_beyond_the_list() -> None:
    data = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<!-- <a> -->" * 300 + b"</svg>"
    inspection = inspect_logo(data, max_bytes=DEFAULT_LOGO_MAX_BYTES)
    assert len(inspection.problems) == MAX_LISTED_PROBLEMS
    assert inspection.problems[0].kind == "markup in comment"
    assert "201 more problems" in inspection.problems[-1].message


def test_finding_logs_keep_enough_to_list() -> None:
    # The listed problems are the first ones found only if every log keeps at least as many.
    assert MAX_KEPT_FINDINGS >= MAX_LISTED_PROBLEMS
