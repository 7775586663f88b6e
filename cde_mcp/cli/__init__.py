"""The ``cde-mcp`` command line."""

from cde_mcp.cli.main import main

__all__ = ["main"]
