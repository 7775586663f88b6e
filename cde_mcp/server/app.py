"""The MCP server: tools registered on the SDK's `MCPServer`, and one API client per process."""

from __future__ import annotations

import difflib
import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.types import CallToolResult, Icon, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import ValidationError

from cde_mcp import __version__
from cde_mcp.api.client import CdeClient
from cde_mcp.api.retry import RetryPolicy
from cde_mcp.config import Settings
from cde_mcp.errors import CdeMcpError, InvalidArguments, NotConfigured
from cde_mcp.server.arguments import describe_invalid_arguments
from cde_mcp.server.tools import TOOLS, AppState

__all__ = ["CdeMcpServer", "create_server"]

logger = logging.getLogger(__name__)

_INSTRUCTIONS = """\
Maintains Productsup connectors through the CDE API.
To put a logo on a connector: find_connectors (by name) gives its public id, \
validate_connector_logo checks the SVG offline, upload_connector_logo uploads it \
(connector_version is the major number such as 1, or latest, or main), and get_connector shows the result.
Errors start with a code such as invalid_logo or unauthorized, followed by what to do next."""


class CdeMcpServer(MCPServer[AppState]):
    """`MCPServer` whose invalid-argument errors read as plain sentences.

    The SDK reports a call that breaks a tool's input schema with pydantic's full
    report, and drops arguments the tool does not know. This server returns
    ``invalid_arguments`` instead: one line per argument naming the value, the
    rule and the fix, or the unknown argument with the closest known name.

    Started with a ``config_error``, it returns ``not_configured`` for every tool call,
    and that reason, so a client shows the cause instead of a closed connection.
    """

    def __init__(self, *args: Any, config_error: CdeMcpError | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._argument_names: dict[str, frozenset[str]] = {}
        self._config_error = config_error

    def add_tool(
        self,
        fn: Callable[..., Any],
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        annotations: ToolAnnotations | None = None,
        icons: list[Icon] | None = None,
        meta: dict[str, Any] | None = None,
        structured_output: bool | None = None,
    ) -> None:
        """Register a tool as the SDK does, and remember its argument names to reject unknown ones."""
        super().add_tool(fn, name, title, description, annotations, icons, meta, structured_output)
        parameters = inspect.signature(fn).parameters
        self._argument_names[name or fn.__name__] = frozenset(
            parameter for parameter in parameters if parameter != "ctx"
        )

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[AppState, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        if self._config_error is not None:
            return _error_result(_not_configured(self._config_error))

        unknown = _unknown_arguments(arguments, self._argument_names.get(name))
        if unknown:
            return _invalid_arguments(name, unknown)

        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError:
            raise
        except ToolError as exc:
            if not isinstance(exc.__cause__, ValidationError):
                raise
            return _invalid_arguments(name, describe_invalid_arguments(exc.__cause__))


def _unknown_arguments(arguments: dict[str, Any], known: frozenset[str] | None) -> str:
    """Describe the arguments ``known`` lacks, with the closest known name for each; empty when all are known."""
    if known is None:
        return ""

    lines = []
    for argument in sorted(set(arguments) - known):
        close = difflib.get_close_matches(argument, known, n=1)
        suggestion = f"did you mean {close[0]}?" if close else f"known arguments: {', '.join(sorted(known))}"
        lines.append(f"{argument} is not an argument of this tool; {suggestion}")
    return "\n".join(lines)


def _invalid_arguments(tool: str, description: str) -> CallToolResult:
    logger.info("Tool %s rejected its arguments", tool)
    return _error_result(InvalidArguments(description, hint=f"Correct the argument(s) above and call {tool} again."))


def _not_configured(config_error: CdeMcpError) -> NotConfigured:
    return NotConfigured(
        config_error.message,
        hint="Fix that variable in the MCP client's configuration of this server (its env section), "
        "then restart the server.",
    )


def _error_result(error: CdeMcpError) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=str(error))], is_error=True)


def create_server(
    settings: Settings, *, retry: RetryPolicy | None = None, config_error: CdeMcpError | None = None
) -> CdeMcpServer:
    """Build the MCP server for ``settings``; its lifespan opens and closes the one `CdeClient`.

    Args:
        settings: The process configuration.
        retry: Backoff parameters; tests pass `RetryPolicy.immediate()`.
        config_error: Why the configuration could not be loaded. The server then starts anyway,
            and every tool call returns ``not_configured`` with this reason.
    """

    @asynccontextmanager
    async def lifespan(_: MCPServer[AppState]) -> AsyncIterator[AppState]:
        client = CdeClient(settings, retry=retry)
        logger.info(
            "cde-mcp %s using CDE API %s (bearer token %s)",
            __version__,
            settings.api_base_url,
            "configured" if settings.has_token else "NOT configured: set CDE_API_TOKEN or CDE_API_TOKEN_FILE",
        )
        try:
            yield AppState(client=client)
        finally:
            await client.aclose()

    server = CdeMcpServer(
        name="cde-mcp",
        title="Productsup CDE connectors",
        version=__version__,
        instructions=_INSTRUCTIONS,
        lifespan=lifespan,
        config_error=config_error,
    )
    for spec in TOOLS:
        # cleandoc drops the docstring's source indentation, which clients would otherwise show.
        description = inspect.cleandoc(spec.fn.__doc__ or "")
        server.add_tool(spec.fn, title=spec.title, description=description, annotations=spec.annotations)
    return server
