"""The jobs cde-mcp does, shared by the MCP tools and the command line.

Each function takes parsed arguments, does one job end to end and returns a
result model from `cde_mcp.results`, or raises a `cde_mcp.errors.CdeMcpError`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import anyio
import anyio.to_thread

from cde_mcp.api.client import CdeClient, UploadOutcome
from cde_mcp.config import Settings
from cde_mcp.errors import CdeMcpError
from cde_mcp.logo.checks import LogoInspection, check_logo, inspect_logo
from cde_mcp.logo.sources import LogoBytes, load_logo
from cde_mcp.results import (
    ConnectorList,
    ConnectorSummary,
    LogoProblemInfo,
    LogoValidation,
    UploadResult,
)

__all__ = ["LogoSources", "find_connectors", "get_connector", "upload_logo", "validate_logo"]

logger = logging.getLogger(__name__)

#: The three ways to pass a logo: (logo_path, logo_base64, logo_svg); exactly one is set.
LogoSources = tuple[str | None, str | None, str | None]


async def read_logo(settings: Settings, sources: LogoSources, cwd: Path | None = None) -> LogoBytes:
    """Load the logo from its one source, in a worker thread because reading a file blocks."""
    logo_path, logo_base64, logo_svg = sources

    def load() -> LogoBytes:
        return load_logo(
            logo_path=logo_path,
            logo_base64=logo_base64,
            logo_svg=logo_svg,
            max_bytes=settings.logo_max_bytes,
            allowed_dirs=settings.allowed_dirs,
            cwd=cwd,
        )

    return await anyio.to_thread.run_sync(load)


async def validate_logo(settings: Settings, sources: LogoSources, cwd: Path | None = None) -> LogoValidation:
    """Run the logo checks offline and return the verdict with the logo's facts."""
    logo = await read_logo(settings, sources, cwd)
    inspection = await anyio.to_thread.run_sync(lambda: inspect_logo(logo.data, max_bytes=settings.logo_max_bytes))
    return _validation(logo, inspection)


async def upload_logo(
    client: CdeClient,
    public_id: str,
    connector_version: str,
    sources: LogoSources,
    *,
    verify: bool = True,
    cwd: Path | None = None,
) -> UploadResult:
    """Check the logo, upload it to one connector version, and read the connector back when ``verify``."""
    settings = client.settings
    settings.bearer_token()
    logo = await read_logo(settings, sources, cwd)
    inspection = await anyio.to_thread.run_sync(lambda: check_logo(logo.data, max_bytes=settings.logo_max_bytes))
    assert inspection.upload is not None  # check_logo raises unless the logo is valid

    started = anyio.current_time()
    outcome = await client.upload_logo(public_id, connector_version, inspection.upload)
    logger.info(
        "Uploaded %d bytes to connector %s version %s in %d attempt(s)",
        inspection.size_bytes,
        public_id,
        outcome.version.version,
        outcome.attempts,
    )

    verified: bool | None = None
    verification = "not requested"
    if verify:
        # The read-back shares the call's deadline with the upload; running out of time only skips it.
        remaining = settings.api_deadline - (anyio.current_time() - started)
        verified, verification = False, "skipped: the call's deadline (CDE_API_DEADLINE) ran out before the read-back"
        with anyio.move_on_after(max(remaining, 0.0)):
            verified, verification = await _verify(client, public_id, connector_version, outcome, inspection.upload)
    return _upload_result(public_id, connector_version, inspection, outcome, verified, verification)


async def find_connectors(
    client: CdeClient,
    *,
    name: str | None = None,
    connector_type: str | None = None,
    released: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> ConnectorList:
    """Return one page of the caller's connectors, optionally filtered."""
    params = {"from": str(offset), "limit": str(limit)}
    if name:
        params["name"] = name
    if connector_type:
        params["type"] = connector_type
    if released is not None:
        params["released"] = "true" if released else "false"

    connectors = await client.list_connectors(params)
    # The API's own limit may be larger than ours; never return more than asked.
    page = connectors[:limit]
    has_more = len(connectors) >= limit
    return ConnectorList(
        connectors=[ConnectorSummary.from_api(connector) for connector in page],
        offset=offset,
        limit=limit,
        has_more=has_more,
        next_offset=offset + len(page) if has_more else None,
    )


async def get_connector(client: CdeClient, public_id: str) -> ConnectorSummary:
    """Return one connector with its versions."""
    return ConnectorSummary.from_api(await client.get_connector(public_id))


async def _verify(
    client: CdeClient, public_id: str, connector_version: str, outcome: UploadOutcome, sent: bytes
) -> tuple[bool, str]:
    """Read the connector back: the version must show the returned logo URL, and that file must hold ``sent``."""
    if outcome.confirmed_by_read_back:
        return True, "no response came to the upload, but the stored logo, downloaded afterwards, has these bytes"

    try:
        connector = await client.get_connector(public_id)
    except CdeMcpError as exc:  # a failed read-back never turns a successful upload into a failure
        logger.warning("Read-back of connector %s failed: %s", public_id, exc.code)
        return False, f"the upload succeeded, but reading the connector back failed ({_first_line(exc)})"

    version = connector.resolve_version(outcome.version.version or connector_version)
    if version is None:
        return False, f"the read-back found no version {outcome.version.version or connector_version} on the connector"
    expected = outcome.version.logo or version.logo
    if not version.logo or version.logo != expected:
        return False, f"the read-back shows logo URL {version.logo!r}, not {expected!r}"

    stored = await client.download(version.logo, max_bytes=len(sent) + 1)
    if stored is None:
        return True, f"get_connector shows version {version.version} with this logo URL (the file was not downloadable)"
    if stored != sent:
        return False, (
            "get_connector shows this logo URL, but the file there has other bytes: another upload may have "
            "replaced it, or a cache still serves an older copy"
        )
    return True, f"get_connector shows version {version.version} with this logo URL, and the file has the bytes sent"


def _upload_result(
    public_id: str,
    connector_version: str,
    inspection: LogoInspection,
    outcome: UploadOutcome,
    verified: bool | None,
    verification: str,
) -> UploadResult:
    version = outcome.version
    return UploadResult(
        connector_name=version.name,
        public_id=public_id,
        requested_version=connector_version,
        version=version.version,
        major=version.major,
        state=version.state,
        logo_url=version.logo,
        updated_at=version.updated_at,
        bytes_sent=inspection.size_bytes,
        sha256=inspection.sha256,
        attempts=outcome.attempts,
        verified=verified,
        verification=verification,
        missing_fields=list(outcome.missing_fields),
        warnings=[*inspection.warnings, *inspection.normalizations],
    )


def _validation(logo: LogoBytes, inspection: LogoInspection) -> LogoValidation:
    return LogoValidation(
        valid=inspection.valid,
        source=logo.label,
        bytes=inspection.size_bytes,
        sha256=inspection.sha256,
        width=inspection.width,
        height=inspection.height,
        view_box=inspection.view_box,
        problems=[
            LogoProblemInfo(location=problem.location, kind=problem.kind, message=problem.message)
            for problem in inspection.problems
        ],
        warnings=list(inspection.warnings),
        normalizations=list(inspection.normalizations),
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
