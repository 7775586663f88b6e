"""The request log: its fields, and that no token reaches it, the logs or a repr."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx2
import pytest

from cde_mcp.sandbox import OMDB_ID, SANDBOX_TOKEN, Fault, SandboxServer

Upload = Callable[..., httpx2.Response]

WRONG_TOKEN = "wrong-token-5f1c9"


def test_log_records_fields(sandbox: SandboxServer, upload: Upload) -> None:
    response = upload(OMDB_ID, "1", b"<svg/>", params={"trace": "yes"})

    [entry] = sandbox.requests()
    assert entry.method == "POST"
    assert entry.path == f"/connectors/{OMDB_ID}/versions/1/logo"
    assert entry.query == "trace=yes"
    assert entry.auth == "valid"
    assert entry.host == sandbox.base_url.removeprefix("http://")
    assert entry.content_length == int(response.request.headers["content-length"])
    assert entry.fault is None


def test_log_auth_states(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    anonymous.get("/connectors", headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"})
    anonymous.get("/connectors", headers={"Authorization": f"Bearer {WRONG_TOKEN}"})
    anonymous.get("/connectors")

    assert [entry.auth for entry in sandbox.requests()] == ["valid", "invalid", "missing"]


def test_log_times_increase(sandbox: SandboxServer, client: httpx2.Client) -> None:
    for _ in range(3):
        client.get("/connectors")

    times = [entry.monotonic_seconds for entry in sandbox.requests()]

    assert times == sorted(times)
    assert len(set(times)) == 3


def test_log_includes_storage(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    anonymous.get(f"/storage/connectors/{OMDB_ID}/1/logo.svg")

    [entry] = sandbox.requests()
    assert entry.path.startswith("/storage/")
    assert entry.auth == "missing"


def test_token_absent_from_everything(
    sandbox: SandboxServer,
    anonymous: httpx2.Client,
    upload: Upload,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    upload(OMDB_ID, "1")
    anonymous.get("/connectors", headers={"Authorization": f"Bearer {WRONG_TOKEN}"})
    sandbox.add_fault(Fault(kind="status", status=500))
    upload(OMDB_ID, "1")

    log_json = anonymous.get("/_sandbox/requests").text
    reprs = repr(sandbox) + repr(sandbox.requests()) + str(sandbox.requests())

    for secret in (SANDBOX_TOKEN, WRONG_TOKEN):
        assert secret not in log_json
        assert secret not in reprs
        assert secret not in caplog.text
    assert "auth valid" in caplog.text
    assert "auth invalid" in caplog.text
