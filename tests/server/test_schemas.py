"""The tools as a client sees them: names, input schemas, output schemas, annotations, argument errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from mcp import Client

from cde_mcp.sandbox import OMDB_ID, SandboxServer
from cde_mcp.server.arguments import UUID_PATTERN, VERSION_PATTERN

TOOL_NAMES = {"upload_connector_logo", "validate_connector_logo", "find_connectors", "get_connector"}


async def _tools(client: Client) -> dict[str, Any]:
    return {tool.name: tool for tool in (await client.list_tools()).tools}


async def test_tools_listed(mcp_client: Client) -> None:
    assert set(await _tools(mcp_client)) == TOOL_NAMES


async def test_public_id_schema(mcp_client: Client) -> None:
    schema = (await _tools(mcp_client))["upload_connector_logo"].input_schema["properties"]["public_id"]

    assert schema["type"] == "string"
    assert schema["format"] == "uuid"
    assert schema["pattern"] == UUID_PATTERN


async def test_version_schema(mcp_client: Client) -> None:
    schema = (await _tools(mcp_client))["upload_connector_logo"].input_schema["properties"]["connector_version"]

    assert schema["pattern"] == VERSION_PATTERN
    assert "for 1.0.5 use 1" in schema["description"]


async def test_upload_required_arguments(mcp_client: Client) -> None:
    schema = (await _tools(mcp_client))["upload_connector_logo"].input_schema

    assert set(schema["required"]) == {"public_id", "connector_version"}
    assert {"logo_path", "logo_base64", "logo_svg", "verify"} <= set(schema["properties"])


async def test_output_schemas_present(mcp_client: Client) -> None:
    tools = await _tools(mcp_client)

    for name in TOOL_NAMES:
        assert tools[name].output_schema is not None, name
    upload_fields = set(tools["upload_connector_logo"].output_schema["properties"])
    assert {"connector_name", "version", "state", "logo_url", "updated_at", "bytes_sent", "sha256"} <= upload_fields


async def test_annotations(mcp_client: Client) -> None:
    tools = await _tools(mcp_client)

    assert tools["find_connectors"].annotations.read_only_hint is True
    assert tools["get_connector"].annotations.read_only_hint is True
    assert tools["get_connector"].annotations.open_world_hint is True
    assert tools["validate_connector_logo"].annotations.open_world_hint is False
    assert tools["upload_connector_logo"].annotations.read_only_hint is False


@pytest.mark.parametrize("version", ["1", "12", "0", "latest", "main"])
def test_version_pattern_accepts(version: str) -> None:
    assert re.fullmatch(VERSION_PATTERN, version)


@pytest.mark.parametrize("version", ["1.0.5", "v1", "main2", "xlatest", " 1", "1 ", "", "latest1", "Main", "-1"])
def test_version_pattern_rejects(version: str) -> None:
    assert re.search(VERSION_PATTERN, version) is None


@pytest.mark.parametrize(
    "public_id",
    [
        "019e16f5-5795-79d4-a959-6d54a49f2fa8",
        "497f6eca-6276-4993-bfeb-53cbbbba6f08",
        "497F6ECA-6276-4993-BFEB-53CBBBBA6F08",
    ],
)
def test_uuid_pattern_accepts(public_id: str) -> None:
    assert re.search(UUID_PATTERN, public_id)


@pytest.mark.parametrize(
    "public_id",
    ["", "omdb", "019e16f5579579d4a9596d54a49f2fa8", "019e16f5-5795-79d4-a959-6d54a49f2fa", "../../etc/passwd"],
)
def test_uuid_pattern_rejects(public_id: str) -> None:
    assert re.search(UUID_PATTERN, public_id) is None


VALID_ID = "019e16f5-5795-79d4-a959-6d54a49f2fa8"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'


@pytest.mark.parametrize("version", ["1.0.5", "v1", "main2", "xlatest", " 1", "", "\u0661"])
async def test_bad_version_rejected(mcp_client: Client, version: str) -> None:
    arguments = {"public_id": VALID_ID, "connector_version": version, "logo_svg": SVG}

    result = await mcp_client.call_tool("upload_connector_logo", arguments)

    text = result.content[0].text
    assert result.is_error
    assert text.startswith("invalid_arguments: connector_version = ")
    assert repr(version) in text
    assert "pass 1" in text
    assert "pydantic" not in text
    assert result.structured_content is None


@pytest.mark.parametrize("public_id", ["omdb", "019e16f5", "../../x"])
async def test_bad_public_id_rejected(mcp_client: Client, public_id: str) -> None:
    arguments = {"public_id": public_id, "connector_version": "1", "logo_svg": SVG}

    result = await mcp_client.call_tool("upload_connector_logo", arguments)

    text = result.content[0].text
    assert result.is_error
    assert text.startswith("invalid_arguments: public_id = ")
    assert "find_connectors" in text
    assert len(text.splitlines()) <= 3


async def test_missing_version_named(mcp_client: Client) -> None:
    result = await mcp_client.call_tool("upload_connector_logo", {"public_id": VALID_ID, "logo_svg": SVG})

    assert result.is_error
    assert "connector_version is required but missing" in result.content[0].text


async def test_no_logo_source(mcp_client: Client) -> None:
    result = await mcp_client.call_tool("upload_connector_logo", {"public_id": VALID_ID, "connector_version": "1"})

    text = result.content[0].text
    assert result.is_error
    assert text.startswith("invalid_arguments:")
    assert "logo_path" in text
    assert "logo_base64" in text
    assert "logo_svg" in text


async def test_two_logo_sources(mcp_client: Client) -> None:
    arguments = {"public_id": VALID_ID, "connector_version": "1", "logo_svg": SVG, "logo_path": "/tmp/x.svg"}

    result = await mcp_client.call_tool("upload_connector_logo", arguments)

    assert result.is_error
    assert result.content[0].text.startswith("invalid_arguments:")


async def test_limit_out_of_range(mcp_client: Client) -> None:
    result = await mcp_client.call_tool("find_connectors", {"limit": 500})

    text = result.content[0].text
    assert result.is_error
    assert text.startswith("invalid_arguments: limit = 500 must be an integer from 1 to 100")


async def test_unknown_argument_named(mcp_client: Client) -> None:
    arguments = {"public_id": VALID_ID, "connector_version": "1", "logo_svg": SVG, "verfy": False}

    result = await mcp_client.call_tool("upload_connector_logo", arguments)

    text = result.content[0].text
    assert result.is_error
    assert text.startswith("invalid_arguments: verfy is not an argument of this tool; did you mean verify?")


@pytest.mark.parametrize(("argument", "value"), [("verify", "no"), ("verify", 0)])
async def test_boolean_not_coerced(mcp_client: Client, argument: str, value: object) -> None:
    arguments = {"public_id": VALID_ID, "connector_version": "1", "logo_svg": SVG, argument: value}

    result = await mcp_client.call_tool("upload_connector_logo", arguments)

    assert result.is_error
    assert result.content[0].text.startswith(f"invalid_arguments: {argument} = {value!r} must be true or false")


async def test_limit_not_coerced_from_boolean(mcp_client: Client) -> None:
    result = await mcp_client.call_tool("find_connectors", {"limit": True})

    assert result.is_error
    assert result.content[0].text.startswith("invalid_arguments: limit = True must be an integer")


@pytest.mark.parametrize(("version", "hint"), [("1.0.5", "for '1.0.5' pass 1"), ("v2", "for 'v2' pass 2")])
async def test_version_hint_uses_value(mcp_client: Client, version: str, hint: str) -> None:
    arguments = {"public_id": VALID_ID, "connector_version": version, "logo_svg": SVG}

    result = await mcp_client.call_tool("upload_connector_logo", arguments)

    assert hint in result.content[0].text


@pytest.mark.parametrize(("given", "sent"), [(1, "1"), ("01", "1"), (2, "2")])
async def test_version_number_accepted(mcp_client: Client, sandbox: SandboxServer, given: object, sent: str) -> None:
    arguments = {"public_id": OMDB_ID, "connector_version": given, "logo_svg": SVG}

    result = await mcp_client.call_tool("upload_connector_logo", arguments)

    assert not result.is_error
    assert result.structured_content["requested_version"] == sent
    assert sandbox.requests()[0].path == f"/connectors/{OMDB_ID}/versions/{sent}/logo"


async def test_version_boolean_rejected(mcp_client: Client) -> None:
    result = await mcp_client.call_tool(
        "upload_connector_logo", {"public_id": VALID_ID, "connector_version": True, "logo_svg": SVG}
    )

    assert result.is_error
    assert result.content[0].text.startswith("invalid_arguments: connector_version = True")
