"""Many calls through one server share one connection pool, and a cancelled call leaves the server serving."""

from __future__ import annotations

import anyio
from mcp import Client

from cde_mcp.sandbox import OMDB_ID, Fault, SandboxServer

UPLOADS = 50


def _logo(index: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>logo {index}</title>'
        f'<rect width="{index % 10 + 1}" height="10"/></svg>'
    )


async def _targets(client: Client) -> list[tuple[str, int]]:
    listing = (await client.call_tool("find_connectors", {"limit": 100})).structured_content
    pairs = [
        (connector["id"], version["major"]) for connector in listing["connectors"] for version in connector["versions"]
    ]
    return sorted(set(pairs))[:UPLOADS]


async def test_concurrent_uploads_land(mcp_client: Client, sandbox: SandboxServer) -> None:
    targets = await _targets(mcp_client)
    results: dict[int, object] = {}

    async def upload(index: int, public_id: str, major: int) -> None:
        arguments = {"public_id": public_id, "connector_version": str(major), "logo_svg": _logo(index)}
        results[index] = await mcp_client.call_tool("upload_connector_logo", arguments)

    async with anyio.create_task_group() as group:
        for index, (public_id, major) in enumerate(targets):
            group.start_soon(upload, index, public_id, major)

    assert len(targets) == UPLOADS
    for index, (public_id, major) in enumerate(targets):
        assert not results[index].is_error, results[index].content  # type: ignore[attr-defined]
        assert sandbox.stored_logo(public_id, major) == _logo(index).encode()


async def test_cancelled_call_leaves_server_serving(mcp_client: Client, sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=30, path=f"/connectors/{OMDB_ID}/versions/1/logo"))
    arguments = {"public_id": OMDB_ID, "connector_version": "1", "logo_svg": _logo(0)}

    with anyio.move_on_after(0.5) as scope:
        await mcp_client.call_tool("upload_connector_logo", arguments)
    after = await mcp_client.call_tool("get_connector", {"public_id": OMDB_ID})

    assert scope.cancelled_caught
    assert not after.is_error
