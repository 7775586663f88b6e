"""The MCP tools. Each is a thin wrapper: it calls one job in `cde_mcp.operations` and shapes the result.

A success carries ``structuredContent`` matching the tool's ``outputSchema`` and a
short text summary. A failure is an ``isError`` result whose text starts with the
error's stable code. It carries no ``structuredContent``, because strict clients
check that against the success schema.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from cde_mcp import operations
from cde_mcp.api.client import CdeClient
from cde_mcp.errors import CdeMcpError
from cde_mcp.results import ConnectorList, ConnectorSummary, LogoValidation, UploadResult
from cde_mcp.server.arguments import (
    ConnectorVersionArg,
    LogoBase64Arg,
    LogoPathArg,
    LogoSvgArg,
    PublicIdArg,
)

__all__ = ["TOOLS", "AppState", "ToolSpec"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppState:
    """State that the server's lifespan creates once per process and every tool call shares."""

    client: CdeClient


def _state(ctx: Context) -> AppState:
    state = ctx.request_context.lifespan_context
    assert isinstance(state, AppState)
    return state


async def _run(job: Callable[[], Awaitable[BaseModel]], summarize: Callable[[Any], str]) -> CallToolResult:
    """Run one job and turn its result, or its anticipated error, into a tool result."""
    try:
        result = await job()
    except CdeMcpError as exc:
        logger.info("Tool call failed: %s", exc.code)
        return CallToolResult(content=[TextContent(type="text", text=str(exc))], is_error=True)

    structured = result.model_dump(mode="json")
    return CallToolResult(content=[TextContent(type="text", text=summarize(result))], structured_content=structured)


async def upload_connector_logo(
    ctx: Context,
    public_id: PublicIdArg,
    connector_version: ConnectorVersionArg,
    logo_path: LogoPathArg = None,
    logo_base64: LogoBase64Arg = None,
    logo_svg: LogoSvgArg = None,
    verify: Annotated[
        bool, Field(strict=True, description="Read the connector back after the upload and confirm the logo.")
    ] = True,
) -> Annotated[CallToolResult, UploadResult]:
    """Upload an SVG logo to one version of a Productsup connector through the CDE API.

    The logo is checked first (well-formed SVG, no script or external references, size limit),
    so nothing leaves the machine unless it passes. Pass exactly one of logo_path, logo_base64
    and logo_svg. Use find_connectors to look up the public id by connector name. The result
    names the concrete version that received the logo (for latest or main too), its logo URL,
    and whether a read-back confirmed it. Re-uploading the same logo is safe.
    """
    client = _state(ctx).client
    sources = (logo_path, logo_base64, logo_svg)
    return await _run(
        lambda: operations.upload_logo(client, public_id, connector_version, sources, verify=verify),
        _summarize_upload,
    )


async def validate_connector_logo(
    ctx: Context,
    logo_path: LogoPathArg = None,
    logo_base64: LogoBase64Arg = None,
    logo_svg: LogoSvgArg = None,
) -> Annotated[CallToolResult, LogoValidation]:
    """Check an SVG logo offline, without uploading it, and report the verdict and its facts.

    Runs the same checks as upload_connector_logo: size, well-formed XML, an svg root in the SVG
    namespace, and no script, event handlers, external references or embedded documents. Returns
    valid, each problem with its element path, size, sha256, width, height and viewBox. Use it
    to fix a logo before uploading. Pass exactly one of logo_path, logo_base64 and logo_svg.
    """
    settings = _state(ctx).client.settings
    sources = (logo_path, logo_base64, logo_svg)
    return await _run(lambda: operations.validate_logo(settings, sources), _summarize_validation)


async def find_connectors(
    ctx: Context,
    name: Annotated[str | None, Field(description="Part of the connector name to match, such as omdb.")] = None,
    type: Annotated[
        str | None, Field(description="Connector type: datasource, export, export-delta or data-service.")
    ] = None,
    released: Annotated[
        bool | None, Field(strict=True, description="Only released (true) or unreleased (false).")
    ] = None,
    limit: Annotated[int, Field(strict=True, ge=1, le=100, description="Connectors per page, at most 100.")] = 20,
    offset: Annotated[
        int, Field(strict=True, ge=0, description="How many connectors to skip: the next_offset of the last page.")
    ] = 0,
) -> Annotated[CallToolResult, ConnectorList]:
    """List your own connectors with their versions, optionally filtered by name, type or release state.

    Use it to find a connector's public id from its name before upload_connector_logo or
    get_connector. Each connector comes with its versions (version, major, state, logo URL).
    When has_more is true, call again with offset=next_offset.
    """
    client = _state(ctx).client
    return await _run(
        lambda: operations.find_connectors(
            client, name=name, connector_type=type, released=released, limit=limit, offset=offset
        ),
        _summarize_list,
    )


async def get_connector(ctx: Context, public_id: PublicIdArg) -> Annotated[CallToolResult, ConnectorSummary]:
    """Show one of your connectors with its main version number and each version's state and logo URL.

    Use it to see which versions exist before an upload, and to check a logo after one.
    """
    client = _state(ctx).client
    return await _run(lambda: operations.get_connector(client, public_id), _summarize_connector)


def _summarize_upload(result: UploadResult) -> str:
    verified = {True: f"Verified: {result.verification}.", False: f"Not verified: {result.verification}."}
    lines = [
        f"Uploaded the logo ({result.bytes_sent} bytes, sha256 {result.sha256[:12]}…) to connector "
        f"{result.connector_name or result.public_id}, version {result.version or '(not named)'} "
        f"(requested {result.requested_version}).",
        f"Logo URL: {result.logo_url}. State: {result.state}. Attempts: {result.attempts}.",
    ]
    if result.verified is not None:
        lines.append(verified[result.verified])
    if result.missing_fields:
        lines.append(f"The API's response lacked: {', '.join(result.missing_fields)}.")
    lines.extend(f"Warning: {warning}" for warning in result.warnings)
    return "\n".join(lines)


#: Problems shown one by one in a tool's text; the structured result lists them all.
_MAX_PROBLEM_LINES = 10


def _summarize_validation(result: LogoValidation) -> str:
    size = f"{result.bytes} bytes"
    if result.width and result.height:
        size += f", {result.width} x {result.height}"
    if result.view_box:
        size += f", viewBox {result.view_box}"

    if result.valid:
        lines = [f"The logo is valid ({size})."]
    else:
        lines = [f"The logo would be rejected ({size}). Problems:"]
        lines.extend(f"- {problem.message}" for problem in result.problems[:_MAX_PROBLEM_LINES])
        hidden = len(result.problems) - _MAX_PROBLEM_LINES
        if hidden > 0:
            lines.append(f"- … and {hidden} more, listed in the structured result's problems.")
    lines.extend(f"Warning: {warning}" for warning in result.warnings)
    return "\n".join(lines)


def _summarize_list(result: ConnectorList) -> str:
    if not result.connectors:
        return "No connectors matched."
    lines = [_connector_line(connector) for connector in result.connectors]
    if result.has_more:
        lines.append(f"More may follow: call again with offset={result.next_offset}.")
    return "\n".join(lines)


def _summarize_connector(result: ConnectorSummary) -> str:
    return _connector_line(result)


def _connector_line(connector: ConnectorSummary) -> str:
    versions = ", ".join(f"{version.version} ({version.state})" for version in connector.versions) or "no versions"
    return f"{connector.name} [{connector.type}] id {connector.id}: {versions}"


@dataclass(frozen=True)
class ToolSpec:
    """A tool function with its title and annotations, for registration."""

    fn: Callable[..., Awaitable[CallToolResult]]
    title: str
    annotations: ToolAnnotations


TOOLS = (
    ToolSpec(
        upload_connector_logo,
        "Upload connector logo",
        # Replaces the version's current logo, so destructive; the same logo twice changes nothing more.
        ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=True),
    ),
    ToolSpec(
        validate_connector_logo,
        "Validate connector logo",
        ToolAnnotations(read_only_hint=True, open_world_hint=False),
    ),
    ToolSpec(
        find_connectors,
        "Find connectors",
        ToolAnnotations(read_only_hint=True, open_world_hint=True),
    ),
    ToolSpec(
        get_connector,
        "Get connector",
        ToolAnnotations(read_only_hint=True, open_world_hint=True),
    ),
)
