"""``cde-mcp upload`` and ``cde-mcp validate``: the tools' jobs for scripts and terminals.

Each prints the same result the MCP tool returns (as JSON with ``--json``) and
exits with status 1 on failure, 0 on success.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import click
from pydantic import BaseModel

from cde_mcp.cli.options import (
    ENVIRONMENT_HELP,
    configure_logging,
    fail,
    logo_options,
    settings_from,
    settings_options,
)
from cde_mcp.errors import CdeMcpError, InternalError, InvalidArguments

__all__ = ["connectors", "upload", "validate"]

logger = logging.getLogger(__name__)

_json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")


@click.command(epilog=ENVIRONMENT_HELP)
@click.option("--public-id", required=True, help="The connector's public id (a UUID).")
@click.option(
    "--version",
    "connector_version",
    required=True,
    help="Major version number (for 1.0.5 use 1), latest or main.",
)
@click.option("--no-verify", is_flag=True, help="Skip reading the connector back after the upload.")
@click.argument("path", type=click.Path(path_type=Path))
@_json_option
@settings_options
def upload(public_id: str, connector_version: str, no_verify: bool, path: Path, as_json: bool, **options: Any) -> None:
    """Check the SVG logo at PATH and upload it to one connector version."""
    # Scripts read the result from stdout and errors from stderr, so routine INFO lines stay off.
    configure_logging(options.pop("verbose", False), default_level="WARNING")
    settings = settings_from(options)

    from cde_mcp import operations
    from cde_mcp.api.client import CdeClient

    async def job() -> BaseModel:
        _check_upload_arguments(public_id, connector_version)
        async with CdeClient(settings) as client:
            return await operations.upload_logo(
                client, public_id, connector_version, (str(path), None, None), verify=not no_verify
            )

    result = _run(job, as_json)
    if not as_json:
        click.echo(f"Uploaded {result.bytes_sent} bytes to {result.connector_name} version {result.version}.")
        click.echo(f"Logo URL: {result.logo_url}")
        verified = {True: "yes", False: "no", None: "not checked"}[result.verified]
        click.echo(f"Verified: {verified} ({result.verification})")
        for warning in result.warnings:
            click.echo(f"Warning: {warning}")


@click.command(epilog=ENVIRONMENT_HELP)
@click.argument("path", type=click.Path(path_type=Path))
@_json_option
@logo_options
def validate(path: Path, as_json: bool, **options: Any) -> None:
    """Check the SVG logo at PATH offline and print the verdict; exit 1 when it would be rejected."""
    configure_logging(options.pop("verbose", False), default_level="WARNING")
    settings = settings_from(options)

    from cde_mcp import operations

    async def job() -> BaseModel:
        return await operations.validate_logo(settings, (str(path), None, None))

    result = _run(job, as_json)
    if not as_json:
        verdict = "valid" if result.valid else "rejected"
        click.echo(f"{path}: {verdict} ({result.bytes} bytes, sha256 {result.sha256})")
        facts = {"width": result.width, "height": result.height, "viewBox": result.view_box}
        click.echo(", ".join(f"{name} {value}" for name, value in facts.items() if value) or "no size given")
        for problem in result.problems:
            click.echo(f"  problem at {problem.location}: {problem.message}")
        for warning in result.warnings:
            click.echo(f"  warning: {warning}")
    if not result.valid:
        raise SystemExit(1)


@click.command(epilog=ENVIRONMENT_HELP)
@click.option("--name", help="Part of the connector name to match, such as omdb.")
@click.option("--type", "connector_type", help="datasource, export, export-delta or data-service.")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True, help="Connectors per page.")
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True, help="Connectors to skip.")
@_json_option
@settings_options
def connectors(
    name: str | None, connector_type: str | None, limit: int, offset: int, as_json: bool, **options: Any
) -> None:
    """List your connectors with their public ids and versions (the find_connectors tool)."""
    configure_logging(options.pop("verbose", False), default_level="WARNING")
    settings = settings_from(options)

    from cde_mcp import operations
    from cde_mcp.api.client import CdeClient

    async def job() -> BaseModel:
        async with CdeClient(settings) as client:
            return await operations.find_connectors(
                client, name=name, connector_type=connector_type, limit=limit, offset=offset
            )

    result = _run(job, as_json)
    if as_json:
        return
    for connector in result.connectors:
        versions = ", ".join(version.version or "?" for version in connector.versions) or "no versions"
        click.echo(f"{connector.id}  {connector.name}  [{connector.type}]  {versions}")
    if not result.connectors:
        click.echo("No connectors matched.")
    if result.has_more:
        click.echo(f"More may follow: add --offset {result.next_offset}.")


def _run(job: Callable[[], Awaitable[BaseModel]], as_json: bool) -> Any:
    try:
        result = anyio.run(job)
    except CdeMcpError as exc:
        fail(exc, as_json=as_json)
    except Exception as exc:
        logger.exception("cde-mcp failed unexpectedly")
        error = InternalError(
            f"cde-mcp failed unexpectedly ({type(exc).__name__}).",
            hint="This is a bug in cde-mcp. The traceback is on stderr above; please report it with that log.",
        )
        fail(error, as_json=as_json)
    if as_json:
        click.echo(json.dumps({"ok": True, "result": result.model_dump(mode="json")}, indent=2))
    return result


def _check_upload_arguments(public_id: str, connector_version: str) -> None:
    """Apply the MCP tool's argument rules to the command's options."""
    from pydantic import ValidationError

    from cde_mcp.server.arguments import UploadTarget, describe_invalid_arguments

    try:
        UploadTarget(public_id=public_id, connector_version=connector_version)
    except ValidationError as exc:
        raise InvalidArguments(describe_invalid_arguments(exc), hint="Correct the option and run again.") from None
