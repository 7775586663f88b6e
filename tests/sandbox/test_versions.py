"""Resolution of the connectorVersion path parameter."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from cde_mcp.sandbox import DRAFT_ID, EXPORT_ID, OMDB_ID, RELEASED_ID
from cde_mcp.sandbox._versions import resolve_version

Upload = Callable[..., httpx2.Response]


@pytest.mark.parametrize(
    ("public_id", "selector", "expected"),
    [
        (OMDB_ID, "1", "1.0.1"),
        (OMDB_ID, "2", "2.0.0"),
        (OMDB_ID, "latest", "2.0.0"),
        (OMDB_ID, "main", "1.0.1"),
        (OMDB_ID, "01", "1.0.1"),
        (EXPORT_ID, "1", "1.0.3"),
        (EXPORT_ID, "10", "10.0.0"),
        (EXPORT_ID, "latest", "10.0.0"),
        (EXPORT_ID, "main", "2.1.0"),
        (RELEASED_ID, "main", "1.2.0"),
        (DRAFT_ID, "latest", "1.0.0"),
    ],
)
def test_selector_resolves(upload: Upload, public_id: str, selector: str, expected: str) -> None:
    response = upload(public_id, selector)

    assert response.status_code == 200
    assert response.json()["data"]["version"] == expected


@pytest.mark.parametrize(
    ("public_id", "selector"),
    [
        (OMDB_ID, "0"),
        (OMDB_ID, "3"),
        (EXPORT_ID, "9"),
        (OMDB_ID, "1.0.5"),
        (OMDB_ID, "1.0"),
        (OMDB_ID, "v1"),
        (OMDB_ID, "-1"),
        (OMDB_ID, "+1"),
        (OMDB_ID, "main2"),
        (OMDB_ID, "xlatest"),
        (OMDB_ID, "latest2"),
        (OMDB_ID, "LATEST"),
        (OMDB_ID, "Main"),
        (OMDB_ID, "1 "),
        (OMDB_ID, "\u0661"),
        (OMDB_ID, "12345678901"),
        (DRAFT_ID, "main"),
    ],
)
def test_selector_is_404(upload: Upload, public_id: str, selector: str) -> None:
    response = upload(public_id, selector)

    assert response.status_code == 404
    assert response.json() == {"message": "Connector not found."}


def _versions(*numbers: str) -> list[dict[str, object]]:
    return [{"version": number} for number in numbers]


def test_highest_in_major_compares_numbers() -> None:
    versions = _versions("1.2.0", "1.10.0", "1.9.3", "2.0.0")

    chosen = resolve_version(versions, "1", main_version_number=None)

    assert chosen == {"version": "1.10.0"}


def test_latest_compares_numbers() -> None:
    versions = _versions("9.0.0", "10.0.0", "2.0.0")

    chosen = resolve_version(versions, "latest", main_version_number=None)

    assert chosen == {"version": "10.0.0"}


def test_main_picks_highest_of_major() -> None:
    versions = _versions("2.0.0", "2.0.1", "3.0.0")

    chosen = resolve_version(versions, "main", main_version_number=2)

    assert chosen == {"version": "2.0.1"}


def test_no_versions_resolves_nothing() -> None:
    assert resolve_version([], "latest", main_version_number=1) is None
    assert resolve_version([], "1", main_version_number=1) is None
