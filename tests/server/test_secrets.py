"""The bearer token never reaches a log line, a tool result, an error or a repr."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from mcp import Client

from cde_mcp.api.client import CdeClient
from cde_mcp.config import Settings, load_settings
from cde_mcp.errors import InvalidArguments
from cde_mcp.sandbox import FOREIGN_ID, OMDB_ID, Fault, SandboxServer
from tests.helpers import CANARY_TOKEN

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'


async def _text_of(client: Client, name: str, arguments: dict[str, Any]) -> str:
    result = await client.call_tool(name, arguments)
    return f"{result.content} {result.structured_content}"


async def test_no_token_in_outputs(
    mcp_client: Client, sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    outputs = [
        await _text_of(
            mcp_client, "upload_connector_logo", {"public_id": OMDB_ID, "connector_version": "1", "logo_svg": SVG}
        ),
        await _text_of(
            mcp_client, "upload_connector_logo", {"public_id": FOREIGN_ID, "connector_version": "1", "logo_svg": SVG}
        ),
        await _text_of(
            mcp_client, "upload_connector_logo", {"public_id": OMDB_ID, "connector_version": "x", "logo_svg": SVG}
        ),
        await _text_of(mcp_client, "find_connectors", {"name": "omdb"}),
        await _text_of(mcp_client, "get_connector", {"public_id": OMDB_ID}),
    ]
    sandbox.add_fault(Fault(kind="html", status=503, count=10))
    outputs.append(await _text_of(mcp_client, "get_connector", {"public_id": OMDB_ID}))

    for output in outputs:
        assert CANARY_TOKEN not in output
    assert CANARY_TOKEN not in caplog.text
    api_requests = [request for request in sandbox.requests() if not request.path.startswith("/storage/")]
    downloads = [request for request in sandbox.requests() if request.path.startswith("/storage/")]
    assert all(request.auth == "valid" for request in api_requests)
    assert downloads
    assert all(request.auth == "missing" for request in downloads)


def test_settings_repr_masks_token(settings: Settings) -> None:
    assert CANARY_TOKEN not in repr(settings)
    assert CANARY_TOKEN not in str(settings)
    assert CANARY_TOKEN not in settings.model_dump_json()


async def test_client_repr_masks_token(api: CdeClient) -> None:
    assert CANARY_TOKEN not in repr(api)
    assert CANARY_TOKEN not in repr(api._auth)


@pytest.mark.parametrize("padding", [" ", "\n", "\r\n", "\t"])
async def test_padded_token_stripped(sandbox: SandboxServer, padding: str) -> None:
    settings = load_settings(api_base_url=sandbox.base_url, api_token=CANARY_TOKEN + padding)

    async with CdeClient(settings) as client:
        connector = await client.get_connector(OMDB_ID)

    assert connector.id == OMDB_ID


def test_token_with_inner_space_rejected() -> None:
    with pytest.raises(InvalidArguments) as caught:
        load_settings(api_token=f"{CANARY_TOKEN[:5]} {CANARY_TOKEN[5:]}")

    assert "a space at position 5" in str(caught.value)
    assert CANARY_TOKEN[5:] not in str(caught.value)


def test_config_error_hides_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDE_API_TOKEN", CANARY_TOKEN)

    with pytest.raises(InvalidArguments) as caught:
        load_settings(api_timeout=-1)

    assert CANARY_TOKEN not in str(caught.value)
    assert "CDE_API_TIMEOUT" in str(caught.value)
