"""The MCP layer: tool arguments and their schemas, the tool functions, and the server factory."""
