"""Resetting the TCP connection of a request, for the reset faults."""

from __future__ import annotations

import asyncio
import socket
import struct

from starlette.types import Receive, Send

__all__ = ["ConnectionResetUnavailable", "reset_connection", "wait_for_disconnect"]

# SO_LINGER on with a zero timeout makes close() send RST instead of FIN, so the client sees
# "connection reset by peer" rather than an orderly end of stream.
_LINGER_ON_ZERO_SECONDS = struct.pack("ii", 1, 0)

_DISCONNECT_WAIT_SECONDS = 5.0


class ConnectionResetUnavailable(RuntimeError):
    """The ASGI server did not give access to the request's transport, so no reset can be sent."""


def reset_connection(send: Send) -> None:
    """Close the request's TCP connection with a RST, without sending a response.

    NOTE: ASGI offers no way to reach the socket. This relies on uvicorn passing ``send`` as a
    bound method of its request-response cycle object, which has a ``transport`` attribute
    (checked with uvicorn 0.55's h11 protocol, which the sandbox selects). Any middleware
    between uvicorn and the sandbox that wraps ``send`` breaks this, and so does an in-process
    ASGI transport.

    Raises:
        ConnectionResetUnavailable: ``send`` does not lead to an asyncio transport with a socket.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if not isinstance(transport, asyncio.Transport):
        raise ConnectionResetUnavailable(
            "Cannot reset the connection: the ASGI send callable is not a uvicorn request cycle "
            f"method (got {send!r}). Run the sandbox with SandboxServer or run_sandbox."
        )

    sock = transport.get_extra_info("socket")
    if sock is None:
        raise ConnectionResetUnavailable("Cannot reset the connection: the transport has no socket.")

    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_ON_ZERO_SECONDS)
    transport.abort()


async def wait_for_disconnect(receive: Receive) -> None:
    """Consume ``receive`` until the server reports the disconnect, or 5 seconds pass.

    After a reset, uvicorn marks the cycle disconnected one loop iteration later. Returning
    only then keeps uvicorn from treating the missing response as an application error.
    """
    try:
        async with asyncio.timeout(_DISCONNECT_WAIT_SECONDS):
            while (await receive())["type"] != "http.disconnect":
                pass
    except TimeoutError:
        return
