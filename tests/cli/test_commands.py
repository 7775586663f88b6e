"""``cde-mcp upload``, ``validate``, ``--help`` and ``demo`` as scripts run them: real processes, exit codes, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cde_mcp.sandbox import FOREIGN_ID, OMDB_ID, SandboxServer
from tests.helpers import CANARY_TOKEN, CORPUS, EXAMPLE_LOGO, PROJECT_ROOT

CDE_MCP = str(Path(sys.executable).with_name("cde-mcp"))


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [CDE_MCP, *args], capture_output=True, text=True, timeout=120, env=base | (env or {}), cwd=PROJECT_ROOT
    )


def _upload_omdb(*extra: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``cde-mcp upload`` of the example logo to omdb version 1, with ``extra`` arguments."""
    return _run("upload", "--public-id", OMDB_ID, "--version", "1", str(EXAMPLE_LOGO), *extra, env=env)


def _sandbox_env(sandbox: SandboxServer) -> dict[str, str]:
    return {"CDE_API_BASE_URL": sandbox.base_url, "CDE_API_TOKEN": CANARY_TOKEN}


@pytest.mark.parametrize("command", [[], ["serve"], ["upload"], ["validate"], ["sandbox"], ["demo"]])
def test_help_lists_options(command: list[str]) -> None:
    completed = _run(*command, "--help")

    assert completed.returncode == 0
    assert "Usage: cde-mcp" in completed.stdout


@pytest.mark.parametrize("command", [["serve"], ["upload"], ["validate"]])
def test_help_lists_environment(command: list[str]) -> None:
    completed = _run(*command, "--help")

    for variable in ("CDE_API_TOKEN", "CDE_API_TOKEN_FILE", "CDE_API_BASE_URL", "CDE_LOGO_MAX_BYTES"):
        assert variable in completed.stdout


def test_module_runs_like_command() -> None:
    completed = subprocess.run([sys.executable, "-m", "cde_mcp", "--version"], capture_output=True, text=True)

    assert completed.returncode == 0
    assert completed.stdout.startswith("cde-mcp, version ")


def test_validate_valid_logo() -> None:
    completed = _run("validate", str(EXAMPLE_LOGO), "--json")

    output = json.loads(completed.stdout)
    assert completed.returncode == 0
    assert output["result"]["valid"] is True
    assert output["result"]["view_box"] == "0 0 64 64"


def test_validate_hostile_logo() -> None:
    completed = _run("validate", str(CORPUS / "hostile" / "m01-script-element.svg"))

    assert completed.returncode == 1
    assert "rejected" in completed.stdout
    assert "script" in completed.stdout


def test_validate_missing_file() -> None:
    completed = _run("validate", "no-such-logo.svg", "--json")

    output = json.loads(completed.stdout)
    assert completed.returncode == 1
    assert output["error"]["code"] == "logo_not_found"


def test_upload_json(sandbox: SandboxServer) -> None:
    completed = _upload_omdb("--json", env=_sandbox_env(sandbox))

    output = json.loads(completed.stdout)
    assert completed.returncode == 0, completed.stderr
    assert output["result"]["verified"] is True
    assert sandbox.stored_logo(OMDB_ID, 1) == EXAMPLE_LOGO.read_bytes()
    assert CANARY_TOKEN not in completed.stdout + completed.stderr


def test_upload_forbidden_exits_1(sandbox: SandboxServer) -> None:
    completed = _run(
        "upload", "--public-id", FOREIGN_ID, "--version", "1", str(EXAMPLE_LOGO), env=_sandbox_env(sandbox)
    )

    assert completed.returncode == 1
    assert completed.stderr.startswith("forbidden:")


def test_upload_bad_version_exits_1(sandbox: SandboxServer) -> None:
    completed = _run(
        "upload", "--public-id", OMDB_ID, "--version", "1.0.5", str(EXAMPLE_LOGO), env=_sandbox_env(sandbox)
    )

    assert completed.returncode == 1
    assert completed.stderr.startswith("invalid_arguments: connector_version = '1.0.5'")
    assert sandbox.requests() == []


def test_upload_without_token(sandbox: SandboxServer) -> None:
    completed = _upload_omdb(env={"CDE_API_BASE_URL": sandbox.base_url})

    assert completed.returncode == 1
    assert completed.stderr.startswith("not_configured:")


def test_token_file_flag(sandbox: SandboxServer, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(CANARY_TOKEN + "\n")

    completed = _upload_omdb(
        "--token-file", str(token_file), env={"CDE_API_BASE_URL": sandbox.base_url, "CDE_API_TOKEN": "wrong"}
    )

    assert completed.returncode == 0, completed.stderr


def test_invalid_setting_named() -> None:
    completed = _run("validate", str(EXAMPLE_LOGO), env={"CDE_LOGO_MAX_BYTES": "lots"})

    assert completed.returncode == 1
    assert "CDE_LOGO_MAX_BYTES = 'lots'" in completed.stderr


def test_demo_passes() -> None:
    completed = _run("demo")

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Demo passed" in completed.stdout


def test_connectors_lists_ids(sandbox: SandboxServer) -> None:
    completed = _run("connectors", "--name", "omdb", env=_sandbox_env(sandbox))

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith(f"{OMDB_ID}  omdb  [datasource]  1.0.1, 2.0.0")


def test_connectors_json_pages(sandbox: SandboxServer) -> None:
    completed = _run("connectors", "--limit", "5", "--json", env=_sandbox_env(sandbox))

    result = json.loads(completed.stdout)["result"]
    assert len(result["connectors"]) == 5
    assert result["next_offset"] == 5


def test_validate_help_offline_only() -> None:
    completed = _run("validate", "--help")

    assert "--max-logo-bytes" in completed.stdout
    assert "--base-url" not in completed.stdout
    assert "--token-file" not in completed.stdout


def test_sandbox_port_in_use(sandbox: SandboxServer) -> None:
    port = sandbox.base_url.rsplit(":", 1)[1]

    completed = _run("sandbox", "--port", port)

    assert completed.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in completed.stderr
    assert "--port 0" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_sandbox_empty_token_rejected() -> None:
    completed = _run("sandbox", "--port", "0", "--token", "")

    assert completed.returncode == 2
    assert "--token" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_unknown_log_level_warned() -> None:
    completed = _run("validate", str(EXAMPLE_LOGO), env={"CDE_MCP_LOG_LEVEL": "verbose"})

    assert completed.returncode == 0
    assert "CDE_MCP_LOG_LEVEL='VERBOSE' is not one of DEBUG, INFO, WARNING, ERROR" in completed.stderr
