"""Upload a logo through cde-mcp from a Python script, the way an MCP client does.

Usage (with the sandbox from `cde-mcp sandbox` running, or real settings in the environment):

    CDE_API_BASE_URL=http://127.0.0.1:8765 CDE_API_TOKEN=sandbox-token \
        .venv/bin/python examples/upload_logo.py omdb examples/logo.svg
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters


async def main(connector_name: str, logo: str) -> int:
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "cde_mcp"],
        env={name: value for name, value in os.environ.items() if name.startswith("CDE_")},
    )
    async with Client(server) as client:
        found = await client.call_tool("find_connectors", {"name": connector_name})
        if found.is_error or not found.structured_content["connectors"]:
            print(found.content[0].text if found.is_error else f"No connector named {connector_name!r}.")
            return 1

        public_id = found.structured_content["connectors"][0]["id"]
        arguments = {"public_id": public_id, "connector_version": "latest", "logo_path": logo}
        uploaded = await client.call_tool("upload_connector_logo", arguments)
        print(uploaded.content[0].text)
        return 1 if uploaded.is_error else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(anyio.run(main, sys.argv[1], str(Path(sys.argv[2]).absolute())))
