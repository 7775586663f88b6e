"""The logo upload endpoint: documented responses, what it stores and the order of its checks."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx2
import pytest

from cde_mcp.sandbox import EXPORT_ID, FOREIGN_ID, OMDB_ID, SANDBOX_TOKEN, SandboxServer

Upload = Callable[..., httpx2.Response]

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3"/></svg>'

UNAUTHORIZED = {"message": "You have to be authorized to access this resource."}
FORBIDDEN = {"message": "Access denied for user."}
NOT_FOUND = {"message": "Connector not found."}
NOT_SVG = {"message": "Bad request.", "errors": {"source": "Invalid logo file format. Allowed format is: SVG."}}
BLANK = {"message": "Bad request.", "errors": {"source": "This value should not be blank."}}
UNKNOWN_ID = "019e16f5-0000-7000-8000-000000000000"


def test_upload_documented_success(sandbox: SandboxServer, upload: Upload) -> None:
    response = upload(OMDB_ID, "1")

    body = response.json()
    assert response.status_code == 200
    assert body["message"] == "Logo has been uploaded successfully."
    assert body["resource"] == "connector-version"
    assert body["data"]["version"] == "1.0.1"
    assert body["data"]["logo"] == f"{sandbox.base_url}/storage/connectors/{OMDB_ID}/1/logo.svg"


def test_upload_returns_full_version(client: httpx2.Client, upload: Upload) -> None:
    before = client.get(f"/connectors/{OMDB_ID}").json()["data"]["versions"][0]

    data = upload(OMDB_ID, "1").json()["data"]

    assert set(data) == set(before)
    assert data["config"] == before["config"]
    assert data["platform_dev_reference"] == before["platform_dev_reference"]
    assert data["platform_prod_reference"] == before["platform_prod_reference"]
    assert data["created-at"] == before["created-at"]


def test_upload_refreshes_updated_at(client: httpx2.Client, upload: Upload) -> None:
    before = client.get(f"/connectors/{OMDB_ID}").json()["data"]["versions"][0]["updated-at"]

    updated_at = upload(OMDB_ID, "1").json()["data"]["updated-at"]

    assert updated_at != before
    age = datetime.now(UTC) - datetime.fromisoformat(updated_at)
    assert timedelta(seconds=-5) < age < timedelta(minutes=5)


def test_upload_stores_exact_bytes(sandbox: SandboxServer, upload: Upload) -> None:
    upload(OMDB_ID, "2", SVG)

    assert sandbox.stored_logo(OMDB_ID, 2) == SVG
    assert sandbox.stored_logo(OMDB_ID, 1) is None


def test_reupload_keeps_url_replaces_bytes(sandbox: SandboxServer, upload: Upload) -> None:
    first = upload(OMDB_ID, "1", b"<svg/>").json()["data"]["logo"]
    second = upload(OMDB_ID, "1", b"<svg><g/></svg>").json()["data"]["logo"]

    assert first == second
    assert sandbox.stored_logo(OMDB_ID, 1) == b"<svg><g/></svg>"


def test_show_lists_uploaded_logo(client: httpx2.Client, upload: Upload) -> None:
    url = upload(EXPORT_ID, "latest").json()["data"]["logo"]

    versions = client.get(f"/connectors/{EXPORT_ID}").json()["data"]["versions"]

    logos = {version["version"]: version["logo"] for version in versions}
    assert logos == {"1.0.3": None, "2.1.0": None, "10.0.0": url}


def test_uppercase_id_is_accepted(upload: Upload) -> None:
    assert upload(OMDB_ID.upper(), "1").status_code == 200


def test_missing_part_is_400(client: httpx2.Client) -> None:
    response = client.post(f"/connectors/{OMDB_ID}/versions/1/logo")

    assert response.status_code == 400
    assert response.json() == BLANK


def test_other_part_name_is_400(client: httpx2.Client) -> None:
    files = {"logo": ("logo.svg", SVG, "image/svg+xml")}

    response = client.post(f"/connectors/{OMDB_ID}/versions/1/logo", files=files)

    assert response.status_code == 400
    assert response.json() == BLANK


def test_part_without_filename_is_400(client: httpx2.Client) -> None:
    response = client.post(f"/connectors/{OMDB_ID}/versions/1/logo", data={"source": SVG.decode()}, files={"x": b""})

    assert response.status_code == 400
    assert response.json() == BLANK


def test_empty_file_is_400(upload: Upload) -> None:
    response = upload(OMDB_ID, "1", b"")

    assert response.status_code == 400
    assert response.json() == BLANK


def test_malformed_multipart_is_400(client: httpx2.Client) -> None:
    headers = {"Content-Type": "multipart/form-data; boundary=xyz"}

    response = client.post(f"/connectors/{OMDB_ID}/versions/1/logo", content=b"--xyz\r\ngarbage", headers=headers)

    assert response.status_code == 400
    assert response.json() == BLANK


def test_json_body_is_400(client: httpx2.Client) -> None:
    response = client.post(f"/connectors/{OMDB_ID}/versions/1/logo", json={"source": SVG.decode()})

    assert response.status_code == 400
    assert response.json() == BLANK


@pytest.mark.parametrize(
    "payload",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"<html><body>logo</body></html>",
        b"just text",
        b"<svg>unclosed",
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
    ],
    ids=["png", "html", "text", "malformed", "entity"],
)
def test_non_svg_is_400(sandbox: SandboxServer, upload: Upload, payload: bytes) -> None:
    response = upload(OMDB_ID, "1", payload)

    assert response.status_code == 400
    assert response.json() == NOT_SVG
    assert sandbox.stored_logo(OMDB_ID, 1) is None


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {SANDBOX_TOKEN}", "Bearer", f"Bearer{SANDBOX_TOKEN}", SANDBOX_TOKEN],
    ids=["missing", "wrong-token", "basic-scheme", "no-token", "no-space", "no-scheme"],
)
def test_bad_authorization_is_401(sandbox: SandboxServer, anonymous: httpx2.Client, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    files = {"source": ("logo.svg", SVG, "image/svg+xml")}

    response = anonymous.post(f"/connectors/{OMDB_ID}/versions/1/logo", files=files, headers=headers)

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert sandbox.stored_logo(OMDB_ID, 1) is None


def test_lowercase_scheme_is_accepted(anonymous: httpx2.Client) -> None:
    files = {"source": ("logo.svg", SVG, "image/svg+xml")}
    headers = {"Authorization": f"bearer {SANDBOX_TOKEN}"}

    response = anonymous.post(f"/connectors/{OMDB_ID}/versions/1/logo", files=files, headers=headers)

    assert response.status_code == 200


def test_foreign_connector_is_403(sandbox: SandboxServer, upload: Upload) -> None:
    response = upload(FOREIGN_ID, "1")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert sandbox.stored_logo(FOREIGN_ID, 1) is None


@pytest.mark.parametrize(
    ("public_id", "version"),
    [
        (UNKNOWN_ID, "1"),
        ("not-a-uuid", "1"),
        (OMDB_ID[:-1], "1"),
        (OMDB_ID + "0", "1"),
        (OMDB_ID, "3"),
        (OMDB_ID, "1.0.5"),
    ],
    ids=["unknown-id", "malformed-id", "short-id", "long-id", "unknown-major", "full-semver"],
)
def test_unknown_target_is_404(upload: Upload, public_id: str, version: str) -> None:
    response = upload(public_id, version)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_token_checked_before_id(anonymous: httpx2.Client) -> None:
    response = anonymous.post(f"/connectors/{UNKNOWN_ID}/versions/1/logo")

    assert response.status_code == 401


def test_owner_checked_before_version(upload: Upload) -> None:
    response = upload(FOREIGN_ID, "v9")

    assert response.status_code == 403


def test_version_checked_before_body(upload: Upload) -> None:
    response = upload(OMDB_ID, "7", b"not svg")

    assert response.status_code == 404


def _wait_until(condition: Callable[[], bool], timeout_seconds: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_disconnect_mid_body_logs_info(sandbox: SandboxServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    path = f"/connectors/{OMDB_ID}/versions/1/logo"
    boundary = "sandbox-boundary"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {urlsplit(sandbox.base_url).netloc}\r\n"
        f"Authorization: Bearer {SANDBOX_TOKEN}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 100000\r\n\r\n"
    )
    first_part = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="source"; filename="logo.svg"\r\n'
        "Content-Type: image/svg+xml\r\n\r\n"
    ).encode() + SVG[:20]
    address = urlsplit(sandbox.base_url)

    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(head.encode() + first_part)
        # Close only once the sandbox is handling the request, so the body is cut off mid-upload.
        _wait_until(lambda: len(sandbox.requests()) == 1)
    _wait_until(lambda: any(path in record.getMessage() for record in caplog.records))

    request_lines = [record for record in caplog.records if path in record.getMessage()]
    problems = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert problems == []
    assert len(request_lines) == 1
    assert request_lines[0].levelno == logging.INFO
    assert request_lines[0].getMessage().startswith(f"POST {path} -> client disconnected")
    assert request_lines[0].exc_info is None
    assert sandbox.stored_logo(OMDB_ID, 1) is None
