"""The ``cde-mcp`` command group. Without a subcommand it serves MCP over stdio, as IDE client configs expect.

Only click and this package's small modules load at start. Each subcommand
imports what it needs when it runs, so an IDE's stdio server starts fast.
"""

from __future__ import annotations

import click

from cde_mcp import __version__
from cde_mcp.cli.demo import demo
from cde_mcp.cli.options import ENVIRONMENT_HELP
from cde_mcp.cli.scripts import connectors, upload, validate
from cde_mcp.cli.serve import sandbox, serve

__all__ = ["main"]


@click.group(invoke_without_command=True, epilog=ENVIRONMENT_HELP)
@click.version_option(__version__, prog_name="cde-mcp")
@click.pass_context
def main(ctx: click.Context) -> None:
    """MCP server that uploads and checks Productsup connector logos through the CDE API.

    Run without a subcommand to serve MCP over stdio (what IDE and desktop clients launch).
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve)


for command in (serve, sandbox, demo, upload, validate, connectors):
    main.add_command(command)
