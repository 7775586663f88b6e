"""Fifty uploads at once, each with its own bytes, all stored intact."""

from __future__ import annotations

import asyncio

import httpx2

from cde_mcp.sandbox import SANDBOX_TOKEN, SandboxServer

UPLOADS = 50


def _targets(client: httpx2.Client) -> list[tuple[str, int]]:
    connectors = client.get("/connectors", params={"limit": 100}).json()["data"]
    return [
        (connector["id"], int(version["version"].split(".")[0]))
        for connector in connectors
        for version in connector["versions"]
    ]


def _logo(index: int) -> bytes:
    # Distinct sizes as well as distinct content, so a mixed-up or truncated body shows.
    padding = "x" * (index * 997)
    return f'<svg xmlns="http://www.w3.org/2000/svg"><!-- {padding} --><text>{index}</text></svg>'.encode()


async def test_fifty_concurrent_uploads(sandbox: SandboxServer, client: httpx2.Client) -> None:
    targets = _targets(client)[:UPLOADS]
    assert len(targets) == UPLOADS
    headers = {"Authorization": f"Bearer {SANDBOX_TOKEN}"}
    limits = httpx2.Limits(max_connections=UPLOADS)

    async with httpx2.AsyncClient(base_url=sandbox.base_url, headers=headers, limits=limits, timeout=60) as http:

        async def send(index: int, public_id: str, major: int) -> httpx2.Response:
            files = {"source": ("logo.svg", _logo(index), "image/svg+xml")}
            return await http.post(f"/connectors/{public_id}/versions/{major}/logo", files=files)

        responses = await asyncio.gather(
            *(send(index, public_id, major) for index, (public_id, major) in enumerate(targets))
        )

    assert [response.status_code for response in responses] == [200] * UPLOADS
    for index, (public_id, major) in enumerate(targets):
        assert sandbox.stored_logo(public_id, major) == _logo(index), (public_id, major)
