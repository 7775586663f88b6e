"""Fixtures shared by the whole suite: a real sandbox on 127.0.0.1, settings aimed at it, MCP clients.

The sandbox runs once per session in a background thread and is reset before
every test that uses it, so tests see the seeded connectors and no faults.
Its bearer token is a canary: tests assert it never shows up in any output.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator

import pytest
from mcp import Client

from cde_mcp.api.client import CdeClient
from cde_mcp.api.retry import RetryPolicy
from cde_mcp.config import Settings
from cde_mcp.sandbox import SandboxServer
from cde_mcp.server.app import CdeMcpServer, create_server
from tests.helpers import CANARY_TOKEN, make_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own CDE_* variables out of every test."""
    for name in list(os.environ):
        if name.startswith("CDE_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[SandboxServer]:
    with SandboxServer(token=CANARY_TOKEN) as server:
        yield server


@pytest.fixture
def sandbox(sandbox_server: SandboxServer) -> SandboxServer:
    """The session's sandbox, restored to its seed."""
    sandbox_server.reset()
    return sandbox_server


@pytest.fixture
def settings(sandbox: SandboxServer) -> Settings:
    return make_settings(sandbox.base_url)


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[CdeClient]:
    async with CdeClient(settings, retry=RetryPolicy.immediate()) as client:
        yield client


@pytest.fixture
def server(settings: Settings) -> CdeMcpServer:
    return create_server(settings, retry=RetryPolicy.immediate())


@pytest.fixture
async def mcp_client(server: CdeMcpServer) -> AsyncIterator[Client]:
    """An in-memory MCP client connected to ``server``.

    pytest-asyncio runs a fixture's setup and teardown in different tasks, but the
    client's cancel scopes must be entered and left in one task, so one task keeps it open.
    """
    connected: list[Client] = []
    ready, finished = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with Client(server) as client:
            connected.append(client)
            ready.set()
            await finished.wait()

    holder = asyncio.create_task(hold())
    await asyncio.wait({holder, asyncio.create_task(ready.wait())}, return_when=asyncio.FIRST_COMPLETED)
    if holder.done():
        holder.result()
    yield connected[0]
    finished.set()
    await holder
