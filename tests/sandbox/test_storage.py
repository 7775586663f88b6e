"""The public logo storage: byte-for-byte round trips and its 404s."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from cde_mcp.sandbox import OMDB_ID, RELEASED_ID, SEEDED_LOGO, SandboxServer

Upload = Callable[..., httpx2.Response]

NON_ASCII = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n'
    '<svg xmlns="http://www.w3.org/2000/svg"><title>Logo é ß 日本 🚀</title>\r\n'
    '<text x="0" y="10">Grüße</text></svg>\r\n'
).encode()
BOM = b"\xef\xbb\xbf" + b"<svg xmlns='http://www.w3.org/2000/svg'/>"
LATIN_1 = b'<?xml version="1.0" encoding="ISO-8859-1"?><svg><title>caf\xe9</title></svg>'
UTF_16 = '<svg xmlns="http://www.w3.org/2000/svg"><title>ü</title></svg>'.encode("utf-16")


def _large_logo(size: int) -> bytes:
    head = b'<svg xmlns="http://www.w3.org/2000/svg"><!--'
    tail = b"--><rect width='1' height='1'/></svg>"
    return head + b"x" * (size - len(head) - len(tail)) + tail


@pytest.mark.parametrize(
    "payload",
    [NON_ASCII, BOM, LATIN_1, UTF_16, _large_logo(2 * 1024 * 1024), _large_logo(10 * 1024 * 1024)],
    ids=["non-ascii-crlf", "bom", "latin-1", "utf-16", "2-mib", "10-mib"],
)
def test_round_trip_is_byte_exact(
    sandbox: SandboxServer, upload: Upload, anonymous: httpx2.Client, payload: bytes
) -> None:
    url = upload(OMDB_ID, "2", payload).json()["data"]["logo"]

    response = anonymous.get(url)

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.content == payload
    assert sandbox.stored_logo(OMDB_ID, 2) == payload


def test_seeded_logo_is_served(client: httpx2.Client, anonymous: httpx2.Client) -> None:
    url = client.get(f"/connectors/{RELEASED_ID}").json()["data"]["versions"][0]["logo"]

    response = anonymous.get(url)

    assert response.content == SEEDED_LOGO


def test_logo_url_path(sandbox: SandboxServer, upload: Upload) -> None:
    url = upload(OMDB_ID, "latest").json()["data"]["logo"]

    assert url == f"{sandbox.base_url}/storage/connectors/{OMDB_ID}/2/logo.svg"


def test_head_has_no_body(upload: Upload, anonymous: httpx2.Client) -> None:
    url = upload(OMDB_ID, "1").json()["data"]["logo"]

    response = anonymous.head(url)

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    "path",
    [
        f"/storage/connectors/{OMDB_ID}/1/logo.svg",
        f"/storage/connectors/{OMDB_ID}/x/logo.svg",
        f"/storage/connectors/{RELEASED_ID}/2/logo.svg",
        "/storage/connectors/../../etc/passwd/1/logo.svg",
    ],
    ids=["no-upload", "bad-major", "other-major", "traversal"],
)
def test_missing_logo_is_404(anonymous: httpx2.Client, path: str) -> None:
    assert anonymous.get(path).status_code == 404


def test_stored_logo_accepts_uppercase_id(sandbox: SandboxServer) -> None:
    assert sandbox.stored_logo(RELEASED_ID.upper(), 1) == SEEDED_LOGO
