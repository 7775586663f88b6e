#!/usr/bin/env bash
# Register cde-mcp with Claude Code for the current project (run from anywhere).
# The token is read from a file at start, so it never lands in Claude Code's configuration.
set -euo pipefail
checkout="${1:?usage: claude-code.sh /absolute/path/to/cde-mcp [token-file]}"
token_file="${2:-$HOME/.config/cde-mcp/token}"
[ -x "$checkout/.venv/bin/cde-mcp" ] || { echo "No $checkout/.venv/bin/cde-mcp: run make demo in the checkout first." >&2; exit 1; }
[ -r "$token_file" ] || { echo "Cannot read the token file $token_file: put the bearer token on its first line." >&2; exit 1; }
claude mcp add cde \
  --env CDE_API_BASE_URL=https://cde.staging.productsup.com \
  --env CDE_API_TOKEN_FILE="$token_file" \
  -- "$checkout/.venv/bin/cde-mcp"
