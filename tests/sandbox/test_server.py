"""SandboxServer's lifecycle, run_sandbox as a command, and the package's public names."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

import httpx2
import pytest

import cde_mcp.sandbox
from cde_mcp.sandbox import OMDB_ID, SANDBOX_TOKEN, Fault, SandboxServer


def test_import_is_light() -> None:
    code = "import sys, cde_mcp.sandbox; print('uvicorn' in sys.modules)"

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)

    assert result.stdout.strip() == "False"


def test_all_lists_public_names() -> None:
    public = {name for name in vars(cde_mcp.sandbox) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(cde_mcp.sandbox, name)).__name__ == "module"}

    assert set(cde_mcp.sandbox.__all__) == public - modules


def test_custom_token_and_port_zero() -> None:
    with SandboxServer(token="other-token") as server:
        url = f"{server.base_url}/connectors/{OMDB_ID}"
        accepted = httpx2.get(url, headers={"Authorization": "Bearer other-token"})
        rejected = httpx2.get(url, headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"})

    assert accepted.status_code == 200
    assert rejected.status_code == 401


def test_thread_leaves_signals_alone() -> None:
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    with SandboxServer():
        during = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    assert during == before


def test_stop_is_idempotent() -> None:
    server = SandboxServer()
    server.stop()
    server.start()
    url = server.base_url

    server.stop()
    server.stop()

    with pytest.raises(httpx2.ConnectError):
        httpx2.get(url, timeout=5)


def test_stop_ends_pending_delay(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    server = SandboxServer()
    server.start()
    server.add_fault(Fault(kind="delay", seconds=30))
    url = f"{server.base_url}/connectors"
    responses: list[httpx2.Response] = []
    client = threading.Thread(target=lambda: responses.append(httpx2.get(url, timeout=60)), daemon=True)

    try:
        client.start()
        deadline = time.monotonic() + 5
        while not server.requests() and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        server.stop()
        stop_seconds = time.monotonic() - started
        client.join(10)
    finally:
        server.stop()

    problems = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert problems == []
    assert stop_seconds < 2
    assert [response.status_code for response in responses] == [503]


def test_restart_after_stop() -> None:
    server = SandboxServer()
    with server:
        pass

    with server:
        response = httpx2.get(f"{server.base_url}/storage/connectors/{OMDB_ID}/1/logo.svg")

    assert response.status_code == 404


def test_double_start_raises(sandbox: SandboxServer) -> None:
    with pytest.raises(RuntimeError, match="already running"):
        sandbox.start()


def test_base_url_requires_running() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = SandboxServer().base_url


def test_base_url_shape(sandbox: SandboxServer) -> None:
    assert sandbox.base_url.startswith("http://127.0.0.1:")
    assert not sandbox.base_url.endswith("/")


@pytest.mark.parametrize("token", ["", " padded", "two words", "line\nbreak", "t\u00f6ken"])
def test_unusable_token_rejected(token: str) -> None:
    with pytest.raises(ValueError, match="token"):
        SandboxServer(token=token)


def test_busy_port_raises() -> None:
    with SandboxServer() as first:
        port = int(first.base_url.rsplit(":", 1)[1])
        with pytest.raises(OSError, match="in use"):
            SandboxServer(port=port).start()


def test_server_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    with SandboxServer() as server:
        httpx2.get(f"{server.base_url}/connectors")

    assert capfd.readouterr().out == ""


def test_repr_names_url(sandbox: SandboxServer) -> None:
    assert sandbox.base_url in repr(sandbox)


def test_run_sandbox_command() -> None:
    code = "from cde_mcp.sandbox import run_sandbox\nrun_sandbox(host='127.0.0.1', port=0, token='command-token-42')\n"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        base_url = first_line.split(" listening at ")[1].split()[0]
        response = httpx2.get(f"{base_url}/connectors", headers={"Authorization": "Bearer command-token-42"})
        process.send_signal(signal.SIGINT)
        # communicate() reads the raw pipe and would lose what readline() already buffered, so read the file.
        stdout = first_line + process.stdout.read()
        assert process.stderr is not None
        stderr = process.stderr.read()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert response.status_code == 200
    assert process.returncode == 0
    assert OMDB_ID in stdout
    assert "omdb" in stdout
    assert "1.0.1, 2.0.0" in stdout
    assert "command-token-42" not in first_line + stdout + stderr
    assert "GET /connectors -> 200" in stderr
