"""upload_connector_logo through an in-memory MCP client, against the sandbox over real HTTP."""

from __future__ import annotations

import base64
import gzip
import socket
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from cde_mcp.api.retry import RetryPolicy
from cde_mcp.sandbox import FOREIGN_ID, OMDB_ID, Fault, SandboxServer
from cde_mcp.server.app import create_server
from tests.helpers import EXAMPLE_LOGO, make_settings

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


async def _upload(client: Client, **arguments: Any) -> Any:
    arguments.setdefault("public_id", OMDB_ID)
    arguments.setdefault("connector_version", "1")
    return await client.call_tool("upload_connector_logo", arguments)


def _error_code(result: Any) -> str:
    assert result.is_error, result.structured_content
    assert result.structured_content is None
    return str(result.content[0].text.split(":", 1)[0])


async def test_upload_from_path(mcp_client: Client, sandbox: SandboxServer) -> None:
    result = await _upload(mcp_client, logo_path=str(EXAMPLE_LOGO))

    data = result.structured_content
    assert not result.is_error
    assert data["connector_name"] == "omdb"
    assert data["version"] == "1.0.1"
    assert data["major"] == 1
    assert data["bytes_sent"] == EXAMPLE_LOGO.stat().st_size
    assert data["verified"] is True
    assert data["attempts"] == 1
    assert sandbox.stored_logo(OMDB_ID, 1) == EXAMPLE_LOGO.read_bytes()


async def test_upload_from_base64(mcp_client: Client, sandbox: SandboxServer) -> None:
    encoded = base64.b64encode(SVG.encode()).decode()

    result = await _upload(mcp_client, logo_base64=f"data:image/svg+xml;base64,{encoded}")

    assert not result.is_error
    assert sandbox.stored_logo(OMDB_ID, 1) == SVG.encode()


async def test_upload_from_markup(mcp_client: Client, sandbox: SandboxServer) -> None:
    result = await _upload(mcp_client, logo_svg=f"```svg\n{SVG}\n```")

    assert not result.is_error
    assert sandbox.stored_logo(OMDB_ID, 1) == SVG.encode()


async def test_svgz_uploaded_decompressed(mcp_client: Client, sandbox: SandboxServer, tmp_path: Path) -> None:
    path = tmp_path / "logo.svgz"
    path.write_bytes(gzip.compress(SVG.encode()))

    result = await _upload(mcp_client, logo_path=str(path))

    assert not result.is_error
    assert sandbox.stored_logo(OMDB_ID, 1) == SVG.encode()


@pytest.mark.parametrize(
    ("requested", "version", "major"), [("latest", "2.0.0", 2), ("main", "1.0.1", 1), ("2", "2.0.0", 2)]
)
async def test_version_resolved(mcp_client: Client, requested: str, version: str, major: int) -> None:
    result = await _upload(mcp_client, connector_version=requested, logo_svg=SVG)

    data = result.structured_content
    assert data["requested_version"] == requested
    assert data["version"] == version
    assert data["major"] == major
    assert data["verified"] is True


async def test_result_is_concise(mcp_client: Client) -> None:
    result = await _upload(mcp_client, logo_svg=SVG)

    assert "config" not in result.structured_content
    assert len(result.content) == 1
    assert result.content[0].type == "text"
    assert "Uploaded the logo" in result.content[0].text


async def test_verify_off(mcp_client: Client) -> None:
    result = await _upload(mcp_client, logo_svg=SVG, verify=False)

    assert result.structured_content["verified"] is None


async def test_user_file_unchanged(mcp_client: Client, tmp_path: Path) -> None:
    path = tmp_path / "logo.svg"
    path.write_bytes(EXAMPLE_LOGO.read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)

    await _upload(mcp_client, logo_path=str(path))

    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# Each documented error code.


async def test_invalid_logo(mcp_client: Client, sandbox: SandboxServer) -> None:
    result = await _upload(mcp_client, logo_svg='<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>')

    assert _error_code(result) == "invalid_logo"
    assert "script" in result.content[0].text
    assert sandbox.requests() == []


async def test_logo_not_found(mcp_client: Client, tmp_path: Path) -> None:
    result = await _upload(mcp_client, logo_path=str(tmp_path / "missing.svg"))

    assert _error_code(result) == "logo_not_found"
    assert "missing.svg" in result.content[0].text


async def test_not_configured(sandbox: SandboxServer) -> None:
    server = create_server(make_settings(sandbox.base_url, api_token=None), retry=RetryPolicy.immediate())

    async with Client(server) as client:
        result = await _upload(client, logo_svg=SVG)

    assert _error_code(result) == "not_configured"
    assert "CDE_API_TOKEN" in result.content[0].text


async def test_unauthorized(sandbox: SandboxServer) -> None:
    server = create_server(make_settings(sandbox.base_url, api_token="wrong-token"), retry=RetryPolicy.immediate())

    async with Client(server) as client:
        result = await _upload(client, logo_svg=SVG)

    assert _error_code(result) == "unauthorized"
    assert "wrong-token" not in result.content[0].text


async def test_forbidden(mcp_client: Client) -> None:
    result = await _upload(mcp_client, public_id=FOREIGN_ID, logo_svg=SVG)

    assert _error_code(result) == "forbidden"


async def test_connector_not_found(mcp_client: Client) -> None:
    result = await _upload(mcp_client, public_id=UNKNOWN_ID, logo_svg=SVG)

    assert _error_code(result) == "connector_not_found"


async def test_unknown_major(mcp_client: Client) -> None:
    result = await _upload(mcp_client, connector_version="9", logo_svg=SVG)

    assert _error_code(result) == "connector_not_found"


async def test_rejected_quotes_errors(sandbox: SandboxServer) -> None:
    # A wrong multipart field name makes the API miss its `source` part and respond with 400.
    server = create_server(make_settings(sandbox.base_url, logo_field="file"), retry=RetryPolicy.immediate())

    async with Client(server) as client:
        result = await _upload(client, logo_svg=SVG)

    assert _error_code(result) == "rejected"
    assert "source:" in result.content[0].text


async def test_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings = make_settings(f"http://127.0.0.1:{closed_port}", api_max_attempts=2)
    server = create_server(settings, retry=RetryPolicy.immediate(attempts=2))

    async with Client(server) as client:
        result = await _upload(client, logo_svg=SVG)

    assert _error_code(result) == "network_error"
    assert "after 2 attempt(s)" in result.content[0].text


async def test_api_error_through_tool(mcp_client: Client, sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="html", status=503, count=10))

    result = await _upload(mcp_client, logo_svg=SVG)

    assert _error_code(result) == "api_error"
    assert "HTTP 503" in result.content[0].text


async def test_timeout_through_tool(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=5, count=10, path=f"/connectors/{OMDB_ID}"))
    settings = make_settings(sandbox.base_url, api_timeout=0.3, api_max_attempts=1)
    server = create_server(settings, retry=RetryPolicy.immediate(attempts=1))

    async with Client(server) as client:
        result = await client.call_tool("get_connector", {"public_id": OMDB_ID})

    assert _error_code(result) == "timeout"
    assert "read phase" in result.content[0].text


async def test_retry_counted_in_result(mcp_client: Client, sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=503, retry_after="0"))

    result = await _upload(mcp_client, logo_svg=SVG)

    assert result.structured_content["attempts"] == 2


async def test_verify_detects_other_bytes(mcp_client: Client, sandbox: SandboxServer) -> None:
    # Storage serves a different file than the one uploaded, as after a concurrent upload or a stale cache.
    sandbox.add_fault(Fault(kind="status", status=200, body="<svg/>", path=f"/storage/connectors/{OMDB_ID}/1/"))

    result = await _upload(mcp_client, logo_svg=SVG)

    assert not result.is_error
    assert result.structured_content["verified"] is False
    assert "other bytes" in result.structured_content["verification"]


async def test_verify_within_deadline(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=1.5, path=f"/connectors/{OMDB_ID}/versions/1/logo"))
    sandbox.add_fault(Fault(kind="delay", seconds=30, path=f"/connectors/{OMDB_ID}"))
    server = create_server(make_settings(sandbox.base_url, api_deadline=2.5), retry=RetryPolicy.immediate())

    async with Client(server) as client:
        result = await _upload(client, logo_svg=SVG)

    assert not result.is_error
    assert result.structured_content["verified"] is False
    assert "deadline" in result.structured_content["verification"]


async def test_validation_text_capped(mcp_client: Client) -> None:
    shapes = "".join(f'<rect onclick="f({index})" width="1" height="1"/>' for index in range(15))
    markup = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{shapes}</svg>'

    result = await mcp_client.call_tool("validate_connector_logo", {"logo_svg": markup})

    lines = result.content[0].text.splitlines()
    assert len(result.structured_content["problems"]) == 15
    assert len(lines) == 12
    assert lines[-1] == "- … and 5 more, listed in the structured result's problems."


async def test_verify_detects_longer_file(mcp_client: Client, sandbox: SandboxServer) -> None:
    longer = SVG + "<!--" + "x" * 5000 + "-->"
    sandbox.add_fault(Fault(kind="status", status=200, body=longer, path=f"/storage/connectors/{OMDB_ID}/1/"))

    result = await _upload(mcp_client, logo_svg=SVG)

    assert result.structured_content["verified"] is False
    assert "other bytes" in result.structured_content["verification"]


async def test_verify_undownloadable_file_says_so(mcp_client: Client, sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=404, path=f"/storage/connectors/{OMDB_ID}/1/"))

    result = await _upload(mcp_client, logo_svg=SVG)

    assert result.structured_content["verified"] is True
    assert "not downloadable" in result.structured_content["verification"]
