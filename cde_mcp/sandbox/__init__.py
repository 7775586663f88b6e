"""A local emulator of the CDE API's connector and logo endpoints, for tests and demos.

It serves, over real HTTP on 127.0.0.1:

- ``POST /connectors/{publicId}/versions/{connectorVersion}/logo``, ``GET /connectors`` and
  ``GET /connectors/{publicId}`` with the documented bodies and messages;
- ``GET /storage/connectors/{publicId}/{major}/logo.svg``, the stored logos, without a token;
- test-only admin endpoints under ``/_sandbox/`` that inject faults, show the request log and
  restore the seed.

Importing this package starts nothing and does not import uvicorn.
"""

from cde_mcp.sandbox._app import SandboxApp, create_app
from cde_mcp.sandbox._auth import AuthState
from cde_mcp.sandbox._faults import Fault, FaultKind
from cde_mcp.sandbox._request_log import RecordedRequest
from cde_mcp.sandbox._seed import (
    DRAFT_ID,
    EXPORT_ID,
    FOREIGN_ID,
    FOREIGN_USER_ID,
    OMDB_ID,
    RELEASED_ID,
    SANDBOX_TOKEN,
    SANDBOX_USER_ID,
    SEEDED_LOGO,
    UUID4_ID,
)
from cde_mcp.sandbox._server import SandboxServer, run_sandbox
from cde_mcp.sandbox._store import SandboxStore

__all__ = [
    "DRAFT_ID",
    "EXPORT_ID",
    "FOREIGN_ID",
    "FOREIGN_USER_ID",
    "OMDB_ID",
    "RELEASED_ID",
    "SANDBOX_TOKEN",
    "SANDBOX_USER_ID",
    "SEEDED_LOGO",
    "UUID4_ID",
    "AuthState",
    "Fault",
    "FaultKind",
    "RecordedRequest",
    "SandboxApp",
    "SandboxServer",
    "SandboxStore",
    "create_app",
    "run_sandbox",
]
