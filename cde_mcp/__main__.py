"""``python -m cde_mcp``: the same as the ``cde-mcp`` command."""

from cde_mcp.cli import main

main()
