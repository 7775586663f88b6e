"""find_connectors and get_connector, and the find, upload, get flow an assistant follows."""

from __future__ import annotations

from typing import Any

from mcp import Client

from cde_mcp.sandbox import FOREIGN_ID, OMDB_ID, SandboxServer
from tests.helpers import EXAMPLE_LOGO


async def _call(client: Client, tool: str, **arguments: Any) -> Any:
    return await client.call_tool(tool, arguments)


async def test_find_by_name(mcp_client: Client) -> None:
    result = await _call(mcp_client, "find_connectors", name="omdb")

    connectors = result.structured_content["connectors"]
    assert not result.is_error
    assert [connector["id"] for connector in connectors] == [OMDB_ID]
    assert [version["version"] for version in connectors[0]["versions"]] == ["1.0.1", "2.0.0"]


async def test_find_is_concise(mcp_client: Client) -> None:
    result = await _call(mcp_client, "find_connectors", name="omdb")

    connector = result.structured_content["connectors"][0]
    assert set(connector) == {"id", "name", "type", "main_version_number", "versions"}
    assert set(connector["versions"][0]) == {"version", "major", "state", "logo_url"}


async def test_find_pages(mcp_client: Client) -> None:
    first = (await _call(mcp_client, "find_connectors", limit=10)).structured_content
    second = (await _call(mcp_client, "find_connectors", limit=10, offset=first["next_offset"])).structured_content

    first_ids = {connector["id"] for connector in first["connectors"]}
    second_ids = {connector["id"] for connector in second["connectors"]}
    assert len(first["connectors"]) == 10
    assert first["has_more"] is True
    assert first["next_offset"] == 10
    assert second["offset"] == 10
    assert first_ids.isdisjoint(second_ids)


async def test_find_last_page(mcp_client: Client) -> None:
    result = (await _call(mcp_client, "find_connectors", limit=100)).structured_content

    assert result["has_more"] is False
    assert result["next_offset"] is None
    assert FOREIGN_ID not in {connector["id"] for connector in result["connectors"]}


async def test_find_filters_type(mcp_client: Client) -> None:
    result = (await _call(mcp_client, "find_connectors", type="export", limit=100)).structured_content

    assert result["connectors"]
    assert {connector["type"] for connector in result["connectors"]} == {"export"}


async def test_find_filters_released(mcp_client: Client) -> None:
    released = (await _call(mcp_client, "find_connectors", released=True, limit=100)).structured_content
    unreleased = (await _call(mcp_client, "find_connectors", released=False, limit=100)).structured_content

    released_ids = {connector["id"] for connector in released["connectors"]}
    unreleased_ids = {connector["id"] for connector in unreleased["connectors"]}
    assert released_ids
    assert released_ids.isdisjoint(unreleased_ids)


async def test_find_no_match(mcp_client: Client) -> None:
    result = await _call(mcp_client, "find_connectors", name="no-such-connector-name")

    assert result.structured_content["connectors"] == []
    assert result.content[0].text == "No connectors matched."


async def test_get_connector(mcp_client: Client) -> None:
    result = await _call(mcp_client, "get_connector", public_id=OMDB_ID)

    data = result.structured_content
    assert data["name"] == "omdb"
    assert data["main_version_number"] == 1
    assert "config" not in str(data)


async def test_get_foreign_forbidden(mcp_client: Client) -> None:
    result = await _call(mcp_client, "get_connector", public_id=FOREIGN_ID)

    assert result.is_error
    assert result.content[0].text.startswith("forbidden:")


async def test_get_unknown_not_found(mcp_client: Client) -> None:
    result = await _call(mcp_client, "get_connector", public_id="00000000-0000-4000-8000-000000000000")

    assert result.is_error
    assert result.content[0].text.startswith("connector_not_found:")


async def test_find_upload_get_flow(mcp_client: Client, sandbox: SandboxServer) -> None:
    found = (await _call(mcp_client, "find_connectors", name="OMDB")).structured_content
    public_id = found["connectors"][0]["id"]

    uploaded = await _call(
        mcp_client, "upload_connector_logo", public_id=public_id, connector_version="main", logo_path=str(EXAMPLE_LOGO)
    )
    connector = (await _call(mcp_client, "get_connector", public_id=public_id)).structured_content

    logo_url = uploaded.structured_content["logo_url"]
    main = next(version for version in connector["versions"] if version["version"] == "1.0.1")
    assert uploaded.structured_content["verified"] is True
    assert main["logo_url"] == logo_url
    assert sandbox.stored_logo(public_id, 1) == EXAMPLE_LOGO.read_bytes()
