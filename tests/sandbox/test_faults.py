"""Each injected fault kind, observed by a real HTTP client or a raw socket."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx2
import pytest

from cde_mcp.sandbox import OMDB_ID, RELEASED_ID, SANDBOX_TOKEN, Fault, SandboxServer
from cde_mcp.sandbox._connection import ConnectionResetUnavailable, reset_connection

Upload = Callable[..., httpx2.Response]

CONNECTION_ERRORS = (httpx2.ReadError, httpx2.RemoteProtocolError, httpx2.WriteError)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h4v4z"/></svg>'


def _raw_upload(sandbox: SandboxServer) -> bytes:
    boundary = "sandbox-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="source"; filename="logo.svg"\r\n'
            f"Content-Type: image/svg+xml\r\n\r\n"
        ).encode()
        + SVG
        + f"\r\n--{boundary}--\r\n".encode()
    )
    host = urlsplit(sandbox.base_url).netloc
    head = (
        f"POST /connectors/{OMDB_ID}/versions/1/logo HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {SANDBOX_TOKEN}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def _read_until_closed(sandbox: SandboxServer, request: bytes) -> bytes:
    address = urlsplit(sandbox.base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def test_status_fault_sends_status(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=503, retry_after="2"))

    response = client.get("/connectors")

    assert response.status_code == 503
    assert response.headers["retry-after"] == "2"
    assert response.json() == {"message": "Service Unavailable"}


def test_status_fault_is_consumed(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=500))

    first = client.get("/connectors")
    second = client.get("/connectors")

    assert first.status_code == 500
    assert second.status_code == 200


def test_count_covers_several_requests(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=429, count=3))

    statuses = [client.get("/connectors").status_code for _ in range(4)]

    assert statuses == [429, 429, 429, 200]


def test_status_fault_json_body(sandbox: SandboxServer, client: httpx2.Client) -> None:
    body = {"message": "Transition is not allowed, entity is resynchronizing-to-prod.", "errors": []}
    sandbox.add_fault(Fault(kind="status", status=400, body=body))

    response = client.get("/connectors")

    assert response.status_code == 400
    assert response.json() == body


def test_status_fault_text_body(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=429, body="slow down", retry_after="Wed, 21 Oct 2026 07:28:00 GMT"))

    response = client.get("/connectors")

    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "slow down"
    assert response.headers["retry-after"] == "Wed, 21 Oct 2026 07:28:00 GMT"


def test_fault_skips_upload(sandbox: SandboxServer, upload: Upload) -> None:
    sandbox.add_fault(Fault(kind="status", status=502))

    response = upload(OMDB_ID, "1", SVG)

    assert response.status_code == 502
    assert sandbox.stored_logo(OMDB_ID, 1) is None


def test_path_filter_selects_requests(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=500, path=f"/connectors/{OMDB_ID}"))

    listing = client.get("/connectors")
    show = client.get(f"/connectors/{OMDB_ID}")

    assert listing.status_code == 200
    assert show.status_code == 500


def test_storage_spared_without_path(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=500))

    storage = anonymous.get(f"/storage/connectors/{RELEASED_ID}/1/logo.svg")

    assert storage.status_code == 200
    assert len(sandbox.pending_faults()) == 1


def test_storage_faulted_with_path(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=503, path="/storage/"))

    storage = anonymous.get(f"/storage/connectors/{RELEASED_ID}/1/logo.svg")

    assert storage.status_code == 503


def test_admin_spared_by_root_path(sandbox: SandboxServer, anonymous: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=500, path="/"))

    response = anonymous.delete("/_sandbox/faults")

    assert response.status_code == 200
    assert sandbox.pending_faults() == []


def test_html_fault_sends_proxy_page(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="html"))

    response = client.get("/connectors")

    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>502 Bad Gateway</h1>" in response.text


def test_html_fault_custom_status(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="html", status=504, retry_after="30"))

    response = client.get("/connectors")

    assert response.status_code == 504
    assert response.headers["retry-after"] == "30"
    assert "Gateway Timeout" in response.text


def test_delay_fault_waits(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=0.4))

    started = time.monotonic()
    response = client.get("/connectors")
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert elapsed >= 0.35


def test_delay_outlasts_client_timeout(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=2))

    with pytest.raises(httpx2.ReadTimeout):
        client.get("/connectors", timeout=0.2)


def test_reset_before_request_breaks_client(sandbox: SandboxServer, upload: Upload) -> None:
    sandbox.add_fault(Fault(kind="reset_before_request"))

    with pytest.raises(CONNECTION_ERRORS):
        upload(OMDB_ID, "1", SVG)

    assert sandbox.stored_logo(OMDB_ID, 1) is None


def test_reset_before_request_sends_rst(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="reset_before_request"))

    with pytest.raises(ConnectionResetError):
        _read_until_closed(sandbox, _raw_upload(sandbox))


def test_reset_after_request_stores_logo(sandbox: SandboxServer, upload: Upload) -> None:
    sandbox.add_fault(Fault(kind="reset_after_request"))

    with pytest.raises(CONNECTION_ERRORS):
        upload(OMDB_ID, "1", SVG)

    assert sandbox.stored_logo(OMDB_ID, 1) == SVG


def test_reset_after_request_sends_rst(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="reset_after_request"))

    with pytest.raises(ConnectionResetError):
        _read_until_closed(sandbox, _raw_upload(sandbox))

    assert sandbox.stored_logo(OMDB_ID, 1) == SVG


def test_client_recovers_after_reset(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="reset_before_request"))

    with pytest.raises(CONNECTION_ERRORS):
        client.get("/connectors")
    response = client.get("/connectors")

    assert response.status_code == 200


async def test_reset_needs_uvicorn_send() -> None:
    async def plain_send(message: object) -> None:
        pass

    with pytest.raises(ConnectionResetUnavailable, match="uvicorn request cycle"):
        reset_connection(plain_send)


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirect_fault(sandbox: SandboxServer, client: httpx2.Client, status: int) -> None:
    location = "https://other-origin.invalid/connectors"
    sandbox.add_fault(Fault(kind="redirect", status=status, location=location))

    response = client.get("/connectors", follow_redirects=False)

    assert response.status_code == status
    assert response.headers["location"] == location


def test_non_json_fault(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="non_json"))

    response = client.get("/connectors")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "OK"


def test_empty_fault_default(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="empty"))

    response = client.get("/connectors")

    assert response.status_code == 200
    assert response.content == b""


def test_empty_fault_with_status(sandbox: SandboxServer, upload: Upload) -> None:
    sandbox.add_fault(Fault(kind="empty", status=502, retry_after="1"))

    response = upload(OMDB_ID, "1", SVG)

    assert response.status_code == 502
    assert response.content == b""
    assert response.headers["retry-after"] == "1"


def test_oversized_fault_streams_size(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="oversized", size=1_000_003))

    with client.stream("GET", "/connectors") as response:
        body = b"".join(response.iter_bytes())

    assert response.status_code == 200
    assert "content-length" not in response.headers
    assert len(body) == 1_000_003
    assert set(json.loads(body)) == {"data"}


def test_oversized_fault_default_size(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="oversized"))

    with client.stream("GET", "/connectors") as response:
        received = sum(len(chunk) for chunk in response.iter_bytes())

    assert received == 5 * 1024 * 1024


def test_log_names_applied_fault(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="non_json"))

    client.get("/connectors")
    client.get("/connectors")

    assert [entry.fault for entry in sandbox.requests()] == ["non_json", None]


def test_faults_apply_in_order(sandbox: SandboxServer, client: httpx2.Client) -> None:
    sandbox.add_fault(Fault(kind="status", status=503))
    sandbox.add_fault(Fault(kind="status", status=429))

    statuses = [client.get("/connectors").status_code for _ in range(3)]

    assert statuses == [503, 429, 200]
