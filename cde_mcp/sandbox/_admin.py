"""Test-only admin endpoints under ``/_sandbox/``: faults, the request log and reset.

They need no token, because they exist only in the sandbox and only for tests. Faults never
apply to them unless a fault's ``path`` starts with ``/_sandbox/``.
"""

from __future__ import annotations

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cde_mcp.sandbox._faults import Fault
from cde_mcp.sandbox._store import SandboxStore

__all__ = ["AdminApi"]


class AdminApi:
    """Request handlers of the admin endpoints, bound to one store."""

    def __init__(self, store: SandboxStore) -> None:
        self._store = store

    def routes(self) -> list[Route]:
        """Return the admin routes."""
        return [
            Route("/_sandbox/faults", self.add_fault, methods=["POST"]),
            Route("/_sandbox/faults", self.list_faults, methods=["GET"]),
            Route("/_sandbox/faults", self.clear_faults, methods=["DELETE"]),
            Route("/_sandbox/requests", self.list_requests, methods=["GET"]),
            Route("/_sandbox/requests", self.clear_requests, methods=["DELETE"]),
            Route("/_sandbox/reset", self.reset, methods=["POST"]),
        ]

    async def add_fault(self, request: Request) -> Response:
        """``POST /_sandbox/faults``: queue the fault in the JSON body; 400 names invalid fields."""
        try:
            fault = Fault.model_validate_json(await request.body())
        except ValidationError as exc:
            errors = {_error_location(error["loc"]): error["msg"] for error in exc.errors()}
            return JSONResponse({"message": "Bad request.", "errors": errors}, status_code=400)

        self._store.faults.add(fault)
        return JSONResponse({"message": "Fault queued.", "data": fault.model_dump(mode="json")})

    async def list_faults(self, request: Request) -> Response:
        """``GET /_sandbox/faults``: the pending faults with their remaining counts."""
        faults = [fault.model_dump(mode="json") for fault in self._store.faults.pending()]
        return JSONResponse({"data": faults})

    async def clear_faults(self, request: Request) -> Response:
        """``DELETE /_sandbox/faults``: drop every pending fault."""
        dropped = self._store.faults.clear()
        return JSONResponse({"message": "Faults cleared.", "cleared": dropped})

    async def list_requests(self, request: Request) -> Response:
        """``GET /_sandbox/requests``: the request log, oldest first."""
        entries = [entry.model_dump(mode="json") for entry in self._store.requests.snapshot()]
        return JSONResponse({"data": entries})

    async def clear_requests(self, request: Request) -> Response:
        """``DELETE /_sandbox/requests``: empty the request log."""
        self._store.requests.clear()
        return JSONResponse({"message": "Request log cleared."})

    async def reset(self, request: Request) -> Response:
        """``POST /_sandbox/reset``: restore the seed and drop faults and the request log."""
        self._store.reset()
        return JSONResponse({"message": "Sandbox reset."})


def _error_location(location: tuple[int | str, ...]) -> str:
    # A whole-model error (such as a field that does not apply to the kind) has no location.
    return ".".join(str(part) for part in location) or "fault"
