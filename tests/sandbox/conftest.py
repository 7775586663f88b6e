"""Fixtures: one sandbox on a real port for the whole session, reset before every test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx2
import pytest

from cde_mcp.sandbox import SANDBOX_TOKEN, SandboxServer

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3"/></svg>'


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _fresh_sandbox(sandbox: SandboxServer) -> None:
    sandbox.reset()


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx2.Client]:
    """A client that sends the sandbox token."""
    headers = {"Authorization": f"Bearer {SANDBOX_TOKEN}"}
    with httpx2.Client(base_url=sandbox.base_url, headers=headers, timeout=30) as http:
        yield http


@pytest.fixture
def anonymous(sandbox: SandboxServer) -> Iterator[httpx2.Client]:
    """A client that sends no Authorization header."""
    with httpx2.Client(base_url=sandbox.base_url, timeout=30) as http:
        yield http


@pytest.fixture
def upload(client: httpx2.Client) -> Callable[..., httpx2.Response]:
    """Upload a logo as the file part ``source``, the way the documented endpoint expects it."""

    def send(public_id: str, version: str, payload: bytes = SVG, **kwargs: object) -> httpx2.Response:
        files = {"source": ("logo.svg", payload, "image/svg+xml")}
        return client.post(f"/connectors/{public_id}/versions/{version}/logo", files=files, **kwargs)  # type: ignore[arg-type]

    return send
