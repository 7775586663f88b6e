"""The installed ``cde-mcp`` command as MCP clients launch it: over stdio and over Streamable HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from cde_mcp.sandbox import OMDB_ID, SandboxServer
from tests.helpers import CANARY_TOKEN, EXAMPLE_LOGO

CDE_MCP = str(Path(sys.executable).with_name("cde-mcp"))


def _environment(sandbox: SandboxServer) -> dict[str, str]:
    return {"CDE_API_BASE_URL": sandbox.base_url, "CDE_API_TOKEN": CANARY_TOKEN, "CDE_MCP_LOG_LEVEL": "DEBUG"}


async def test_stdio_round_trip(sandbox: SandboxServer, tmp_path: Path) -> None:
    errlog = tmp_path / "stderr.txt"
    server = StdioServerParameters(command=CDE_MCP, env=_environment(sandbox))
    arguments = {"public_id": OMDB_ID, "connector_version": "1", "logo_path": str(EXAMPLE_LOGO)}

    with errlog.open("w") as stderr:
        async with Client(stdio_client(server, errlog=stderr)) as client:
            tools = await client.list_tools()
            result = await client.call_tool("upload_connector_logo", arguments)

    logs = errlog.read_text()
    assert "upload_connector_logo" in {tool.name for tool in tools.tools}
    assert result.structured_content["verified"] is True
    assert sandbox.stored_logo(OMDB_ID, 1) == EXAMPLE_LOGO.read_bytes()
    assert f"using CDE API {sandbox.base_url}" in logs
    assert CANARY_TOKEN not in logs


def test_stdout_carries_only_mcp(sandbox: SandboxServer) -> None:
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {
                "name": "upload_connector_logo",
                "arguments": {"public_id": OMDB_ID, "connector_version": "1", "logo_path": str(EXAMPLE_LOGO)},
            },
        },
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "get_connector", "arguments": {"public_id": "not-a-uuid"}},
        },
    ]
    stdin = "".join(json.dumps(message) + "\n" for message in messages)

    completed = subprocess.run(
        [CDE_MCP], input=stdin, capture_output=True, text=True, timeout=60, env=_environment(sandbox) | _base_env()
    )

    lines = [line for line in completed.stdout.splitlines() if line.strip()]
    replies = [json.loads(line) for line in lines]
    assert sorted(reply.get("id") for reply in replies) == [1, 2, 3]
    assert all(reply["jsonrpc"] == "2.0" for reply in replies)
    assert "using CDE API " + sandbox.base_url in completed.stderr
    assert CANARY_TOKEN not in completed.stdout
    assert CANARY_TOKEN not in completed.stderr


def _base_env() -> dict[str, str]:
    return {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def http_server(sandbox: SandboxServer) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [CDE_MCP, "serve", "--transport", "http", "--port", str(port)],
        env=_environment(sandbox) | _base_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=20)
        assert CANARY_TOKEN.encode() not in stderr


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"cde-mcp serve exited with status {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"cde-mcp serve did not listen on port {port} within 30 s")


async def test_http_round_trip(http_server: str, sandbox: SandboxServer) -> None:
    async with Client(http_server) as client:
        found = await client.call_tool("find_connectors", {"name": "omdb"})
        uploaded = await client.call_tool(
            "upload_connector_logo",
            {"public_id": OMDB_ID, "connector_version": "latest", "logo_path": str(EXAMPLE_LOGO)},
        )

    assert found.structured_content["connectors"][0]["id"] == OMDB_ID
    assert uploaded.structured_content["version"] == "2.0.0"
    assert sandbox.stored_logo(OMDB_ID, 2) == EXAMPLE_LOGO.read_bytes()


async def test_invalid_config_still_serves(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-token-file"
    server = StdioServerParameters(command=CDE_MCP, env={"CDE_API_TOKEN_FILE": str(missing)})

    with (tmp_path / "stderr.txt").open("w") as stderr:
        async with Client(stdio_client(server, errlog=stderr)) as client:
            result = await client.call_tool("find_connectors", {})

    text = result.content[0].text
    assert result.is_error
    assert text.startswith("not_configured: Invalid configuration: CDE_API_TOKEN_FILE: The token file")
    assert "restart the server" in text
    assert str(missing) in text


def test_stdio_path_imports_light() -> None:
    # The modules `cde-mcp` with no arguments imports before it responds to initialize.
    code = (
        "import sys\n"
        "from cde_mcp.cli import main\n"
        "from cde_mcp.server.app import create_server\n"
        "from cde_mcp.config import load_settings\n"
        "create_server(load_settings())\n"
        "print(sorted(name for name in sys.modules if name.startswith('cde_mcp.sandbox')))\n"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=_base_env()
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
