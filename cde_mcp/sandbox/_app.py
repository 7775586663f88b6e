"""Assembly of the sandbox's ASGI application."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from cde_mcp.sandbox._admin import AdminApi
from cde_mcp.sandbox._api import MAX_REQUEST_BODY_BYTES, ConnectorApi
from cde_mcp.sandbox._auth import validate_token
from cde_mcp.sandbox._middleware import FaultAndLogLayer
from cde_mcp.sandbox._store import SandboxStore

__all__ = ["SandboxApp", "create_app"]


class SandboxApp(Starlette):
    """A Starlette app whose every request passes the fault and log layer first.

    The layer runs before Starlette's own middleware because that middleware wraps ``send``,
    and the reset faults need the ``send`` that uvicorn passed in.
    """

    def __init__(self, store: SandboxStore, *, token: str, public_base_url: str | None) -> None:
        api = ConnectorApi(store, token=token, public_base_url=public_base_url)
        super().__init__(routes=[*api.routes(), *AdminApi(store).routes()], max_body_size=MAX_REQUEST_BODY_BYTES)
        self.store = store
        self._front_layer = FaultAndLogLayer(store, token=token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._front_layer(scope, receive, send, super().__call__)

    def end_delays(self) -> None:
        """End the waiting delay faults, and any later ones, with a 503, because the server is stopping.

        The sandbox's uvicorn server calls this when its shutdown begins. Call it on the app's
        event loop.
        """
        self._front_layer.end_delays()


def create_app(store: SandboxStore, *, token: str, public_base_url: str | None = None) -> SandboxApp:
    """Build the sandbox application on ``store``, accepting ``token`` as the bearer token.

    Args:
        store: The state the app serves and changes.
        token: The only bearer token the API accepts.
        public_base_url: Prefix of the logo URLs in API responses, such as ``http://127.0.0.1:8000``.
            None derives it from each request's Host header.

    Raises:
        ValueError: ``token`` is empty or cannot be sent in an HTTP header.
    """
    validate_token(token)
    return SandboxApp(store, token=token, public_base_url=public_base_url)
