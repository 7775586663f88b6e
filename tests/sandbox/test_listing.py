"""GET /connectors (owner scoping, filters, paging) and GET /connectors/{publicId}."""

from __future__ import annotations

import httpx2
import pytest

from cde_mcp.sandbox import (
    EXPORT_ID,
    FOREIGN_ID,
    FOREIGN_USER_ID,
    OMDB_ID,
    RELEASED_ID,
    SANDBOX_USER_ID,
    UUID4_ID,
)

OWN_CONNECTORS = 25
CONNECTOR_KEYS = {
    "id",
    "type",
    "name",
    "description",
    "readme",
    "flow",
    "main-version-number",
    "owner",
    "integrator",
    "versions",
}
VERSION_KEYS = {
    "name",
    "description",
    "readme",
    "version",
    "logo",
    "created-at",
    "updated-at",
    "deleted-at",
    "state",
    "config",
    "platform_dev_reference",
    "platform_prod_reference",
    "prod_config",
    "dev_config",
}


def _ids(response: httpx2.Response) -> list[str]:
    return [connector["id"] for connector in response.json()["data"]]


def test_list_default_page(client: httpx2.Client) -> None:
    response = client.get("/connectors")

    assert response.status_code == 200
    assert list(response.json()) == ["data"]
    assert len(response.json()["data"]) == 10
    assert _ids(response)[0] == OMDB_ID


def test_pages_cover_own_connectors(client: httpx2.Client) -> None:
    pages = [_ids(client.get("/connectors", params={"from": start, "limit": 10})) for start in (0, 10, 20, 30)]

    assert [len(page) for page in pages] == [10, 10, 5, 0]
    every_id = [public_id for page in pages for public_id in page]
    assert len(set(every_id)) == OWN_CONNECTORS
    assert FOREIGN_ID not in every_id
    assert {OMDB_ID, EXPORT_ID, RELEASED_ID, UUID4_ID} <= set(every_id)


def test_list_shows_only_own(client: httpx2.Client) -> None:
    owners = {connector["owner"] for connector in client.get("/connectors", params={"limit": 100}).json()["data"]}

    assert owners == {SANDBOX_USER_ID}


@pytest.mark.parametrize(("limit", "expected"), [("0", 1), ("-3", 1), ("1", 1), ("100", 25), ("1000", 25)])
def test_limit_is_clamped(client: httpx2.Client, limit: str, expected: int) -> None:
    response = client.get("/connectors", params={"limit": limit})

    assert response.status_code == 200
    assert len(response.json()["data"]) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("limit", "ten"),
        ("limit", ""),
        ("limit", "1.5"),
        ("from", "-1"),
        ("from", "x"),
        ("released", "yes"),
        ("released", "TRUE"),
        ("type", "transformer"),
        ("owners", "not-a-uuid"),
        ("owners", ","),
    ],
)
def test_invalid_parameter_is_400(client: httpx2.Client, name: str, value: str) -> None:
    response = client.get("/connectors", params={name: value})

    body = response.json()
    assert response.status_code == 400
    assert body["message"] == "Bad request."
    assert list(body["errors"]) == [name]
    assert body["errors"][name].startswith(f"Invalid {name} ")


def test_name_filter_ignores_case(client: httpx2.Client) -> None:
    response = client.get("/connectors", params={"name": "OmDb"})

    assert _ids(response) == [OMDB_ID]


def test_name_filter_matches_substring(client: httpx2.Client) -> None:
    names = [
        connector["name"]
        for connector in client.get("/connectors", params={"name": "export", "limit": 100}).json()["data"]
    ]

    assert len(names) == 7
    assert all("export" in name for name in names)


@pytest.mark.parametrize("connector_type", ["datasource", "export", "export-delta", "data-service"])
def test_type_filter(client: httpx2.Client, connector_type: str) -> None:
    data = client.get("/connectors", params={"type": connector_type, "limit": 100}).json()["data"]

    assert data
    assert {connector["type"] for connector in data} == {connector_type}


def test_released_true_filter(client: httpx2.Client) -> None:
    response = client.get("/connectors", params={"released": "true"})

    assert _ids(response) == [RELEASED_ID]


def test_released_false_filter(client: httpx2.Client) -> None:
    ids = _ids(client.get("/connectors", params={"released": "false", "limit": 100}))

    assert len(ids) == OWN_CONNECTORS - 1
    assert RELEASED_ID not in ids


def test_owners_filter_own(client: httpx2.Client) -> None:
    ids = _ids(client.get("/connectors", params={"owners": SANDBOX_USER_ID.upper(), "limit": 100}))

    assert len(ids) == OWN_CONNECTORS


def test_owners_filter_other_is_empty(client: httpx2.Client) -> None:
    response = client.get("/connectors", params={"owners": FOREIGN_USER_ID})

    assert response.status_code == 200
    assert response.json() == {"data": []}


def test_filters_combine_before_paging(client: httpx2.Client) -> None:
    params = {"type": "export", "name": "export", "from": "1", "limit": "2"}
    every = _ids(client.get("/connectors", params={"type": "export", "name": "export", "limit": 100}))

    page = _ids(client.get("/connectors", params=params))

    assert page == every[1:3]


def test_list_without_token_is_401(anonymous: httpx2.Client) -> None:
    response = anonymous.get("/connectors")

    assert response.status_code == 401
    assert response.json() == {"message": "You have to be authorized to access this resource."}


def test_connector_object_shape(client: httpx2.Client) -> None:
    for connector in client.get("/connectors", params={"limit": 100}).json()["data"]:
        assert set(connector) == CONNECTOR_KEYS
        assert connector["type"] in {"datasource", "export", "export-delta", "data-service"}
        assert connector["versions"]
        for version in connector["versions"]:
            assert set(version) == VERSION_KEYS


def test_show_connector(client: httpx2.Client) -> None:
    response = client.get(f"/connectors/{OMDB_ID}")

    body = response.json()
    assert response.status_code == 200
    assert body["message"] == "successful operation"
    assert body["resource"] == "connector"
    assert body["data"]["id"] == OMDB_ID
    assert body["data"]["name"] == "omdb"
    assert body["data"]["main-version-number"] == 1
    assert [version["version"] for version in body["data"]["versions"]] == ["1.0.1", "2.0.0"]


def test_show_uuid4_connector(client: httpx2.Client) -> None:
    response = client.get(f"/connectors/{UUID4_ID}")

    assert response.status_code == 200
    assert response.json()["data"]["type"] == "data-service"


def test_show_foreign_is_403(client: httpx2.Client) -> None:
    response = client.get(f"/connectors/{FOREIGN_ID}")

    assert response.status_code == 403
    assert response.json() == {"message": "Access denied for user."}


@pytest.mark.parametrize("public_id", ["019e16f5-0000-7000-8000-000000000000", "omdb", "0" * 36])
def test_show_unknown_is_404(client: httpx2.Client, public_id: str) -> None:
    response = client.get(f"/connectors/{public_id}")

    assert response.status_code == 404
    assert response.json() == {"message": "Connector not found."}


def test_show_without_token_is_401(anonymous: httpx2.Client) -> None:
    response = anonymous.get(f"/connectors/{OMDB_ID}")

    assert response.status_code == 401
