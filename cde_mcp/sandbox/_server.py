"""Running the sandbox with uvicorn: in a background thread for tests, or in the foreground.

uvicorn is imported inside the functions that run it, so importing the sandbox stays cheap.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
import threading
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from cde_mcp.sandbox._app import SandboxApp, create_app
from cde_mcp.sandbox._auth import validate_token
from cde_mcp.sandbox._faults import Fault
from cde_mcp.sandbox._request_log import RecordedRequest
from cde_mcp.sandbox._seed import SANDBOX_TOKEN, SANDBOX_USER_ID
from cde_mcp.sandbox._store import SandboxStore

if TYPE_CHECKING:
    import uvicorn

__all__ = ["SandboxServer", "run_sandbox"]

logger = logging.getLogger(__name__)

START_TIMEOUT_SECONDS = 10.0
# Requests still running after this many seconds of a stop, such as a slow upload, are cancelled.
# Delay faults do not wait for it, because the shutdown ends them at once.
GRACEFUL_SHUTDOWN_SECONDS = 3
_STOP_JOIN_SECONDS = GRACEFUL_SHUTDOWN_SECONDS + 5.0


class SandboxServer:
    """The sandbox served by uvicorn on a daemon thread with its own event loop.

    Use it as a context manager, or call `start` and `stop`. The state (`requests`,
    `stored_logo`, faults) is available before, during and after a run.

    Args:
        token: The bearer token the API accepts.
        host: Address to listen on. Keep the default loopback address unless you need another.
        port: TCP port, or 0 to let the system pick a free one (see `base_url`).

    Raises:
        ValueError: ``token`` is empty or cannot be sent in an HTTP header.
    """

    def __init__(self, *, token: str = SANDBOX_TOKEN, host: str = "127.0.0.1", port: int = 0) -> None:
        validate_token(token)
        self._token = token
        self._host = host
        self._port = port
        self.store = SandboxStore()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._base_url: str | None = None
        self._failure: BaseException | None = None

    def __repr__(self) -> str:
        state = f"serving at {self._base_url}" if self._base_url else "stopped"
        return f"<SandboxServer {state}>"

    @property
    def base_url(self) -> str:
        """URL of the running sandbox without trailing slash, such as ``http://127.0.0.1:54321``.

        Raises:
            RuntimeError: The server is not running.
        """
        if self._base_url is None:
            raise RuntimeError("The sandbox is not running; call start() first.")
        return self._base_url

    def start(self) -> None:
        """Start serving and return once the listening socket accepts connections.

        Raises:
            RuntimeError: The server is already running, or uvicorn failed to start within 10 seconds.
            OSError: The address cannot be bound, for example because the port is in use.
        """
        if self._thread is not None:
            raise RuntimeError(f"The sandbox is already running at {self._base_url}.")

        listener = _bind_listener(self._host, self._port)
        base_url = _base_url_of(listener)
        app = create_app(self.store, token=self._token, public_base_url=base_url)
        self._server = _uvicorn_server(app)
        self._failure = None
        self._thread = threading.Thread(
            target=self._serve, args=(self._server, listener), name="cde-sandbox", daemon=True
        )
        self._thread.start()
        self._wait_until_started(self._server, self._thread)
        self._base_url = base_url
        logger.info("Sandbox serving at %s", base_url)

    def stop(self) -> None:
        """Stop serving and return within about 8 seconds. Does nothing when stopped.

        Waiting delay faults end at once with a 503. Other running requests get up to 3 seconds
        to finish and are then cancelled.
        """
        if self._thread is None or self._server is None:
            return

        self._server.should_exit = True
        self._thread.join(_STOP_JOIN_SECONDS)
        if self._thread.is_alive():
            logger.error("Sandbox thread did not stop within %.0f seconds", _STOP_JOIN_SECONDS)
        else:
            logger.info("Sandbox at %s stopped", self._base_url)
        self._thread = None
        self._server = None
        self._base_url = None

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def add_fault(self, fault: Fault) -> None:
        """Queue ``fault`` for the next matching requests."""
        self.store.faults.add(fault)

    def clear_faults(self) -> None:
        """Drop every pending fault."""
        self.store.faults.clear()

    def pending_faults(self) -> list[Fault]:
        """Return the pending faults, each with ``count`` set to its remaining uses."""
        return self.store.faults.pending()

    def requests(self) -> list[RecordedRequest]:
        """Return the request log, oldest first. Admin requests are not in it."""
        return self.store.requests.snapshot()

    def clear_requests(self) -> None:
        """Empty the request log."""
        self.store.requests.clear()

    def stored_logo(self, public_id: str, major: int) -> bytes | None:
        """Return the logo stored for a connector's major version, or None when there is none."""
        return self.store.logo(public_id.lower(), major)

    def reset(self) -> None:
        """Restore the seeded connectors and logos, and drop pending faults and the request log."""
        self.store.reset()

    def _serve(self, server: uvicorn.Server, listener: socket.socket) -> None:
        try:
            asyncio.run(server.serve(sockets=[listener]))
        except BaseException as exc:  # reported by start(); a thread has no other way to raise
            self._failure = exc
            logger.exception("Sandbox server failed")
        finally:
            listener.close()

    def _wait_until_started(self, server: uvicorn.Server, thread: threading.Thread) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join(_STOP_JOIN_SECONDS)
                self._thread = None
                self._server = None
                reason = repr(self._failure) if self._failure else f"not serving after {START_TIMEOUT_SECONDS:.0f} s"
                raise RuntimeError(f"The sandbox failed to start: {reason}.") from self._failure
            time.sleep(0.01)


def run_sandbox(*, host: str, port: int, token: str, output: TextIO | None = None) -> None:
    """Serve the sandbox in the foreground until SIGINT (Ctrl-C) or SIGTERM stops it gracefully.

    Prints the base URL and the seeded connectors to ``output`` (stdout by default) and logs
    to stderr, configuring a stderr handler unless logging is already configured. The token is
    never printed. After a graceful stop uvicorn raises the signal again, so SIGINT returns from
    this function and SIGTERM ends the process.

    Raises:
        OSError: The address cannot be bound.
        ValueError: ``token`` is empty or cannot be sent in an HTTP header.
    """
    validate_token(token)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    output = output or sys.stdout

    store = SandboxStore()
    listener = _bind_listener(host, port)
    base_url = _base_url_of(listener)
    app = create_app(store, token=token, public_base_url=base_url)
    server = _uvicorn_server(app)

    try:
        _print_banner(store, base_url, token, output)
        # In the main thread uvicorn handles SIGINT and SIGTERM itself, stops gracefully, then
        # raises the signal again, which arrives here as KeyboardInterrupt.
        server.run(sockets=[listener])
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()
    logger.info("Sandbox at %s stopped", base_url)


def _bind_listener(host: str, port: int) -> socket.socket:
    """Bind and listen on ``host``:``port`` before uvicorn starts, so port 0 resolves at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # The protocol must be IPPROTO_TCP, not the default 0, because asyncio enables TCP_NODELAY
    # only on sockets created with it. Without it a keep-alive response waited about 40 ms for a
    # delayed ACK (measured on Linux with httpx2 and http.client).
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except OSError:
        listener.close()
        raise
    return listener


def _base_url_of(listener: socket.socket) -> str:
    host, port = listener.getsockname()[:2]
    shown_host = f"[{host}]" if ":" in host else host
    return f"http://{shown_host}:{port}"


def _uvicorn_server(app: SandboxApp) -> uvicorn.Server:
    import uvicorn

    from cde_mcp.sandbox._uvicorn import SandboxUvicornServer

    config = uvicorn.Config(
        app,
        # h11 is the protocol whose request cycle the reset faults were checked against.
        http="h11",
        ws="none",
        lifespan="off",
        loop="asyncio",
        # None keeps uvicorn from configuring logging, whose default sends access logs to stdout.
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    return SandboxUvicornServer(config, app)


def _print_banner(store: SandboxStore, base_url: str, token: str, output: TextIO) -> None:
    token_source = "the default sandbox token" if token == SANDBOX_TOKEN else "the token given at start"
    print(f"CDE sandbox listening at {base_url} (accepts {token_source})", file=output)
    print(f"Seeded connectors (the token's user is {SANDBOX_USER_ID}):", file=output)
    for connector in store.connectors(base_url=base_url):
        versions = ", ".join(version["version"] for version in connector["versions"])
        foreign = "" if connector["owner"] == SANDBOX_USER_ID else "  (another user's: 403)"
        line = f"  {connector['id']}  {connector['name']:<22} {connector['type']:<13} {versions}{foreign}"
        print(line, file=output)
    print("Press Ctrl-C to stop.", file=output, flush=True)
