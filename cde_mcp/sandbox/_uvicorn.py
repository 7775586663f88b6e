"""The uvicorn server that runs the sandbox app.

Only `cde_mcp.sandbox._server._uvicorn_server` imports this module, because it imports uvicorn
at module level and importing the sandbox package must not.
"""

from __future__ import annotations

import socket

import uvicorn

from cde_mcp.sandbox._app import SandboxApp

__all__ = ["SandboxUvicornServer"]


class SandboxUvicornServer(uvicorn.Server):
    """A uvicorn server that ends the app's waiting delay faults as soon as its shutdown begins.

    A plain uvicorn server (0.55) waits for a delay fault until the graceful shutdown timeout,
    then cancels it, which logs two errors, one with a CancelledError traceback.
    """

    def __init__(self, config: uvicorn.Config, app: SandboxApp) -> None:
        super().__init__(config)
        self._sandbox_app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """End the waiting delay faults, then shut down as uvicorn does."""
        self._sandbox_app.end_delays()
        await super().shutdown(sockets=sockets)
