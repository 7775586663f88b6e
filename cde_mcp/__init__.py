"""cde-mcp: an MCP server that uploads and checks Productsup connector logos through the CDE API."""

__version__ = "0.1.0"
__all__ = ["__version__"]
