"""The files under examples/ stay true: client configs parse and launch cde-mcp, the script runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cde_mcp.sandbox import OMDB_ID, SandboxServer
from tests.helpers import CANARY_TOKEN, EXAMPLE_LOGO, PROJECT_ROOT

CLIENTS = PROJECT_ROOT / "examples" / "clients"


@pytest.mark.parametrize("name", ["claude_desktop_config.json", "cursor-mcp.json"])
def test_mcp_servers_config(name: str) -> None:
    server = json.loads((CLIENTS / name).read_text())["mcpServers"]["cde"]

    assert server["command"].endswith("/.venv/bin/cde-mcp")
    assert "CDE_API_TOKEN" not in server["env"]
    assert server["env"]["CDE_API_BASE_URL"] == "https://cde.staging.productsup.com"


def test_vscode_config() -> None:
    config = json.loads((CLIENTS / "vscode-mcp.json").read_text())
    server = config["servers"]["cde"]

    assert server["type"] == "stdio"
    assert server["command"].endswith("/.venv/bin/cde-mcp")
    assert server["env"]["CDE_API_TOKEN"] == "${input:cde-token}"
    assert config["inputs"][0]["password"] is True


def test_claude_code_script_syntax() -> None:
    completed = subprocess.run(["bash", "-n", str(CLIENTS / "claude-code.sh")], capture_output=True, text=True)

    assert completed.returncode == 0, completed.stderr


def test_upload_script_runs(sandbox: SandboxServer) -> None:
    env = {"CDE_API_BASE_URL": sandbox.base_url, "CDE_API_TOKEN": CANARY_TOKEN, "CDE_MCP_LOG_LEVEL": "WARNING"}

    completed = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "examples" / "upload_logo.py"), "omdb", str(EXAMPLE_LOGO)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Uploaded the logo" in completed.stdout
    assert sandbox.stored_logo(OMDB_ID, 2) == EXAMPLE_LOGO.read_bytes()
    assert CANARY_TOKEN not in completed.stdout + completed.stderr
