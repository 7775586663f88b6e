"""The test-only admin endpoints under /_sandbox/ and their Python counterparts."""

from __future__ import annotations

from collections.abc import Callable

import httpx2

from cde_mcp.sandbox import OMDB_ID, RELEASED_ID, SEEDED_LOGO, Fault, SandboxServer

Upload = Callable[..., httpx2.Response]


def test_post_fault_queues_it(sandbox: SandboxServer, anonymous: httpx2.Client, client: httpx2.Client) -> None:
    response = anonymous.post("/_sandbox/faults", json={"kind": "status", "status": 503, "count": 2})

    assert response.status_code == 200
    assert response.json()["data"]["kind"] == "status"
    assert sandbox.pending_faults() == [Fault(kind="status", status=503, count=2)]
    assert client.get("/connectors").status_code == 503


def test_get_faults_shows_remaining(anonymous: httpx2.Client, client: httpx2.Client) -> None:
    anonymous.post("/_sandbox/faults", json={"kind": "empty", "count": 3})
    client.get("/connectors")

    pending = anonymous.get("/_sandbox/faults").json()["data"]

    assert len(pending) == 1
    assert pending[0]["kind"] == "empty"
    assert pending[0]["count"] == 2


def test_invalid_fault_is_400(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    response = anonymous.post("/_sandbox/faults", json={"kind": "status", "status": "soon"})

    body = response.json()
    assert response.status_code == 400
    assert body["message"] == "Bad request."
    assert "status" in body["errors"]
    assert sandbox.pending_faults() == []


def test_fault_for_wrong_kind_is_400(anonymous: httpx2.Client) -> None:
    response = anonymous.post("/_sandbox/faults", json={"kind": "delay", "seconds": 1, "location": "/x"})

    assert response.status_code == 400
    assert "location" in str(response.json()["errors"])


def test_malformed_json_is_400(anonymous: httpx2.Client) -> None:
    response = anonymous.post("/_sandbox/faults", content=b"{not json", headers={"Content-Type": "application/json"})

    assert response.status_code == 400


def test_delete_faults_clears(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="html"))
    sandbox.add_fault(Fault(kind="empty"))

    response = anonymous.delete("/_sandbox/faults")

    assert response.status_code == 200
    assert response.json()["cleared"] == 2
    assert sandbox.pending_faults() == []


def test_get_requests_returns_log(anonymous: httpx2.Client, client: httpx2.Client) -> None:
    client.get("/connectors", params={"limit": 2})

    entries = anonymous.get("/_sandbox/requests").json()["data"]

    assert len(entries) == 1
    assert entries[0]["method"] == "GET"
    assert entries[0]["path"] == "/connectors"
    assert entries[0]["query"] == "limit=2"
    assert entries[0]["auth"] == "valid"


def test_admin_requests_not_logged(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    anonymous.get("/_sandbox/requests")
    anonymous.get("/_sandbox/faults")

    assert sandbox.requests() == []


def test_delete_requests_clears(sandbox: SandboxServer, anonymous: httpx2.Client, client: httpx2.Client) -> None:
    client.get("/connectors")

    response = anonymous.delete("/_sandbox/requests")

    assert response.status_code == 200
    assert sandbox.requests() == []


def test_reset_restores_seed(
    sandbox: SandboxServer, anonymous: httpx2.Client, client: httpx2.Client, upload: Upload
) -> None:
    upload(OMDB_ID, "1")
    upload(RELEASED_ID, "1", b"<svg><g/></svg>")
    sandbox.add_fault(Fault(kind="html"))

    response = anonymous.post("/_sandbox/reset")

    assert response.status_code == 200
    assert sandbox.stored_logo(OMDB_ID, 1) is None
    assert sandbox.stored_logo(RELEASED_ID, 1) == SEEDED_LOGO
    assert sandbox.pending_faults() == []
    assert sandbox.requests() == []
    assert client.get(f"/connectors/{OMDB_ID}").json()["data"]["versions"][0]["logo"] is None


def test_reset_restores_timestamps(sandbox: SandboxServer, client: httpx2.Client, upload: Upload) -> None:
    seeded = client.get(f"/connectors/{OMDB_ID}").json()["data"]
    upload(OMDB_ID, "1")

    sandbox.reset()

    assert client.get(f"/connectors/{OMDB_ID}").json()["data"] == seeded


def test_python_clear_methods(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="html"))
    client.get("/storage/connectors/x/1/logo.svg")

    sandbox.clear_faults()
    sandbox.clear_requests()

    assert sandbox.pending_faults() == []
    assert sandbox.requests() == []
