"""``cde-mcp demo``: the whole job against the local sandbox, driven the way an IDE drives the server.

It starts the sandbox on a free loopback port and launches ``cde-mcp`` as a
stdio subprocess through the SDK's MCP client. Through it, it finds a connector
by name, checks and uploads a logo, and reads the connector back. Last, it
downloads the stored logo and compares it byte for byte. The exit status is 0 only if every step held.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import click

__all__ = ["demo"]

_CHECKOUT_LOGO = Path(__file__).resolve().parents[2] / "examples" / "logo.svg"


@dataclass
class _Report:
    """The demo's steps, each with whether it held."""

    steps: list[tuple[bool, str]] = field(default_factory=list)

    def step(self, ok: bool, text: str) -> bool:
        self.steps.append((ok, text))
        click.echo(f"{'ok  ' if ok else 'FAIL'}  {text}")
        return ok

    @property
    def passed(self) -> bool:
        return bool(self.steps) and all(ok for ok, _ in self.steps)


@click.command()
@click.option(
    "--logo",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=_CHECKOUT_LOGO if _CHECKOUT_LOGO.exists() else None,
    help="SVG logo to upload (default: examples/logo.svg of the checkout).",
)
@click.option("--connector", "connector_name", default="omdb", show_default=True, help="Connector name to find.")
def demo(logo: Path | None, connector_name: str) -> None:
    """Run the main job end to end against a local CDE sandbox and print a short report."""
    if logo is None:
        raise click.UsageError("No examples/logo.svg next to this installation; pass --logo PATH.")

    from cde_mcp.cli.options import configure_logging
    from cde_mcp.sandbox import SANDBOX_TOKEN, SandboxServer

    configure_logging(default_level="WARNING")
    with SandboxServer(token=SANDBOX_TOKEN) as sandbox:
        click.echo(f"Sandbox CDE API running at {sandbox.base_url}")
        report = anyio.run(_drive, sandbox.base_url, SANDBOX_TOKEN, logo.resolve(), connector_name)

    click.echo("Demo passed: the logo went through MCP, the API and storage unchanged." if report.passed else "")
    if not report.passed:
        click.echo("Demo failed; see the FAIL lines above.", err=True)
        sys.exit(1)


async def _drive(base_url: str, token: str, logo: Path, connector_name: str) -> _Report:
    from mcp import Client, StdioServerParameters

    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "cde_mcp"],
        env={"CDE_API_BASE_URL": base_url, "CDE_API_TOKEN": token, "CDE_MCP_LOG_LEVEL": "WARNING"},
    )
    report = _Report()
    async with Client(server) as client:
        await _run_steps(client, report, base_url, logo, connector_name)
    return report


async def _run_steps(client: Any, report: _Report, base_url: str, logo: Path, connector_name: str) -> None:
    tools = sorted(tool.name for tool in (await client.list_tools()).tools)
    if not report.step("upload_connector_logo" in tools, f"cde-mcp over stdio lists tools: {', '.join(tools)}"):
        return

    found = await _call(client, "find_connectors", {"name": connector_name})
    connectors = (found or {}).get("connectors") or []
    if not report.step(bool(connectors), f"find_connectors(name={connector_name!r}) found {len(connectors)}"):
        return
    public_id = connectors[0]["id"]

    checked = await _call(client, "validate_connector_logo", {"logo_path": str(logo)})
    if not report.step(bool(checked and checked["valid"]), f"validate_connector_logo accepts {logo.name}"):
        return

    arguments = {"public_id": public_id, "connector_version": "latest", "logo_path": str(logo)}
    uploaded = await _call(client, "upload_connector_logo", arguments)
    if not report.step(uploaded is not None, f"upload_connector_logo to {public_id}, version latest"):
        return
    assert uploaded is not None
    report.step(bool(uploaded["verified"]), f"read-back: {uploaded['verification']}")
    click.echo(f"      version {uploaded['version']}, logo URL {uploaded['logo_url']}")

    connector = await _call(client, "get_connector", {"public_id": public_id})
    versions = {version["version"]: version["logo_url"] for version in (connector or {}).get("versions", [])}
    report.step(
        versions.get(uploaded["version"]) == uploaded["logo_url"],
        f"get_connector shows version {uploaded['version']} with the new logo URL",
    )

    sent = await anyio.Path(logo).read_bytes()
    await _compare_stored(report, base_url, uploaded["logo_url"], sent)


async def _call(client: Any, name: str, arguments: dict[str, Any]) -> dict[str, Any] | None:
    result = await client.call_tool(name, arguments)
    if result.is_error:
        click.echo(f"      {name} failed: {result.content[0].text}")
        return None
    structured: dict[str, Any] = result.structured_content
    return structured


async def _compare_stored(report: _Report, base_url: str, logo_url: str, sent: bytes) -> None:
    import httpx2

    # The demo only ever downloads from its own sandbox.
    if not logo_url.startswith(base_url + "/"):
        report.step(False, f"logo URL {logo_url} is not on the sandbox {base_url}")
        return
    async with httpx2.AsyncClient() as http:
        stored = (await http.get(logo_url)).content
    same = stored == sent
    digest = hashlib.sha256(stored).hexdigest()[:16]
    report.step(same, f"stored logo is byte-identical to {len(sent)} bytes sent (sha256 {digest}…)")
