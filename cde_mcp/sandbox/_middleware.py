"""The sandbox's outermost ASGI layer: it records each request and applies injected faults.

It must receive the ``send`` callable straight from uvicorn, because the reset faults reach
the socket through it, so it sits outside Starlette's own middleware (see `SandboxApp`).
"""

from __future__ import annotations

import asyncio
import logging
import time

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cde_mcp.sandbox._auth import classify_authorization
from cde_mcp.sandbox._connection import reset_connection, wait_for_disconnect
from cde_mcp.sandbox._fault_responses import RESPONDING_KINDS, fault_response
from cde_mcp.sandbox._faults import ADMIN_PREFIX, Fault
from cde_mcp.sandbox._request_log import RecordedRequest
from cde_mcp.sandbox._store import SandboxStore

__all__ = ["FaultAndLogLayer"]

logger = logging.getLogger(__name__)


class FaultAndLogLayer:
    """ASGI layer that records API and storage requests, then runs the app or the fault queued for the path."""

    def __init__(self, store: SandboxStore, *, token: str) -> None:
        self._store = store
        self._token = token
        self._stopping = False
        # One event per delay fault that is waiting, so that `end_delays` can wake it.
        self._delay_wakers: set[asyncio.Event] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send, app: ASGIApp) -> None:
        """Handle one ASGI call, passing ``app`` the request unless a fault replaces it."""
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        path: str = scope["path"]
        fault = self._store.faults.take(path)
        auth = self._record(scope, fault)
        statuses: list[int] = []

        async def send_and_note_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])
            await send(message)

        try:
            # The reset kinds need uvicorn's own `send`, so they do not get the wrapper.
            await self._apply(fault, scope, receive, send, send_and_note_status, app)
            outcome = str(statuses[0]) if statuses else "no response"
        except ClientDisconnect:
            # A client that timed out or was cancelled may close the connection before the body
            # ends. That is normal, so it gets this log line rather than uvicorn's traceback.
            # Starlette's error middleware has already tried to send a 500, which uvicorn (0.55)
            # drops because the connection is closed.
            outcome = "client disconnected before the request body ended"

        fault_kind = fault.kind if fault is not None else "none"
        logger.info("%s %s -> %s (auth %s, fault %s)", scope["method"], path, outcome, auth, fault_kind)

    def end_delays(self) -> None:
        """End the waiting delay faults, and any later ones, at once, because the server is stopping.

        Each of these requests gets a 503 response instead of the API's. Call this on the event
        loop that runs the layer, because asyncio events are not thread-safe.
        """
        self._stopping = True
        for waker in self._delay_wakers:
            waker.set()

    async def _apply(
        self,
        fault: Fault | None,
        scope: Scope,
        receive: Receive,
        raw_send: Send,
        send: Send,
        app: ASGIApp,
    ) -> None:
        if fault is None:
            await app(scope, receive, send)
        elif fault.kind == "delay":
            if await self._wait_unless_stopping(fault.seconds or 0.0):
                await app(scope, receive, send)
            else:
                await _drain_body(receive)
                await _stopping_response()(scope, receive, send)
        elif fault.kind == "reset_before_request":
            reset_connection(raw_send)
            await wait_for_disconnect(receive)
        elif fault.kind == "reset_after_request":
            await app(scope, receive, _discard)
            reset_connection(raw_send)
            await wait_for_disconnect(receive)
        elif fault.kind in RESPONDING_KINDS:
            # Reading the whole body first lets the client finish sending, so it receives the
            # response rather than a broken pipe.
            await _drain_body(receive)
            await fault_response(fault)(scope, receive, send)
        else:
            raise ValueError(f"unknown fault kind {fault.kind!r}")

    async def _wait_unless_stopping(self, seconds: float) -> bool:
        """Wait ``seconds`` and return True, or return False once `end_delays` is called."""
        if self._stopping:
            return False

        waker = asyncio.Event()
        self._delay_wakers.add(waker)
        try:
            async with asyncio.timeout(seconds):
                await waker.wait()
        except TimeoutError:
            return True
        finally:
            self._delay_wakers.discard(waker)
        return False

    def _record(self, scope: Scope, fault: Fault | None) -> str:
        """Log the request unless it is an admin request, and return its authorization state."""
        headers = Headers(scope=scope)
        auth = classify_authorization(headers.get("authorization"), self._token)
        if scope["path"].startswith(ADMIN_PREFIX):
            return auth

        self._store.requests.append(
            RecordedRequest(
                method=scope["method"],
                path=scope["path"],
                query=scope["query_string"].decode("latin-1"),
                auth=auth,
                host=headers.get("host"),
                content_length=_content_length(headers),
                fault=fault.kind if fault is not None else None,
                monotonic_seconds=time.monotonic(),
            )
        )
        return auth


async def _discard(message: Message) -> None:
    """Swallow the app's response, for the fault that resets the connection instead of responding."""


def _stopping_response() -> JSONResponse:
    # Connection: close, because a stopping server closes each connection after its response.
    return JSONResponse(
        {"message": "The sandbox is stopping, so the delay fault ended early."},
        status_code=503,
        headers={"Connection": "close"},
    )


async def _drain_body(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _content_length(headers: Headers) -> int | None:
    value = headers.get("content-length")
    if value is None or not value.isascii() or not value.isdigit():
        return None
    return int(value)
