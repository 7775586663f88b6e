"""``cde-mcp serve`` (the MCP server) and ``cde-mcp sandbox`` (the local CDE emulator)."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

import anyio
import click

from cde_mcp.cli.options import ENVIRONMENT_HELP, configure_logging, load_settings_from, settings_options
from cde_mcp.errors import CdeMcpError

__all__ = ["sandbox", "serve"]

logger = logging.getLogger(__name__)


@click.command(epilog=ENVIRONMENT_HELP)
@click.option(
    "--transport",
    type=click.Choice(["stdio", "http"]),
    default="stdio",
    show_default=True,
    help="stdio for clients that launch the server; http serves Streamable HTTP at /mcp.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind in http mode.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port in http mode.")
@settings_options
def serve(transport: str, host: str, port: int, **options: Any) -> None:
    """Serve MCP: the upload_connector_logo, validate_connector_logo, find_connectors and get_connector tools."""
    configure_logging(options.pop("verbose", False))
    from cde_mcp.config import Settings
    from cde_mcp.server.app import create_server

    try:
        settings = load_settings_from(options)
        config_error = None
    except CdeMcpError as exc:
        # An MCP client shows a dead server as a bare "connection closed"; a running one can report what is wrong.
        logger.error("Invalid configuration, every tool will report it: %s", exc.message)
        settings, config_error = Settings.model_construct(), exc

    server = create_server(settings, config_error=config_error)
    if transport == "stdio":
        anyio.run(server.run_stdio_async)
        return

    if not _is_loopback(host):
        # The HTTP endpoint has no authentication of its own: any client that reaches it acts with the configured token.
        logger.warning("Serving MCP on %s: anyone who can reach this address can use the configured token", host)
    logger.info("Serving MCP over Streamable HTTP at http://%s:%d/mcp", host, port)
    anyio.run(lambda: server.run_streamable_http_async(host=host, port=port))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port; 0 picks a free one."
)
@click.option(
    "--token",
    default=None,
    help="The bearer token the sandbox accepts (default: sandbox-token). It is a test value, not a secret.",
)
def sandbox(host: str, port: int, token: str | None) -> None:
    """Run a local emulator of the CDE API endpoints cde-mcp uses, seeded with example connectors.

    Point the server at it with CDE_API_BASE_URL=http://127.0.0.1:8765 and CDE_API_TOKEN=sandbox-token.
    """
    configure_logging()
    from cde_mcp.sandbox import SANDBOX_TOKEN, run_sandbox

    try:
        run_sandbox(host=host, port=port, token=SANDBOX_TOKEN if token is None else token)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--token") from None
    except OSError as exc:
        raise click.ClickException(
            f"Cannot listen on {host}:{port} ({exc.strerror or exc}). Pass another --port, or --port 0 for a free one."
        ) from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
