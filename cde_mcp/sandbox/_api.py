"""The emulated CDE API endpoints and the public logo storage.

Checks run in the order a Symfony-style backend applies them: the bearer token (401), the
connector id (404), the owner (403), the version (404), then the request body (400).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from cde_mcp.sandbox._auth import classify_authorization
from cde_mcp.sandbox._listing import UUID_PATTERN, parse_list_query, select_page
from cde_mcp.sandbox._seed import SANDBOX_USER_ID, JsonObject
from cde_mcp.sandbox._store import SandboxStore
from cde_mcp.sandbox._svg import is_svg
from cde_mcp.sandbox._versions import resolve_version

__all__ = ["LOGO_FIELD", "MAX_REQUEST_BODY_BYTES", "ConnectorApi"]

LOGO_FIELD = "source"
"""Name of the multipart part that carries the logo."""

# NOTE: the real API documents no size limit. This one keeps a runaway client from filling the
# sandbox's memory and disk, and is far above any real logo.
MAX_REQUEST_BODY_BYTES = 32 * 1024 * 1024

_UNAUTHORIZED = {"message": "You have to be authorized to access this resource."}
_FORBIDDEN = {"message": "Access denied for user."}
_NOT_FOUND = {"message": "Connector not found."}
_BLANK = "This value should not be blank."
_NOT_SVG = "Invalid logo file format. Allowed format is: SVG."


class ConnectorApi:
    """Request handlers of the connector endpoints and of logo storage, bound to one store."""

    def __init__(self, store: SandboxStore, *, token: str, public_base_url: str | None) -> None:
        self._store = store
        self._token = token
        self._public_base_url = public_base_url

    def routes(self) -> list[Route]:
        """Return the routes of the API and of storage."""
        return [
            Route("/connectors", self.list_connectors, methods=["GET"]),
            Route("/connectors/{public_id}", self.show_connector, methods=["GET"]),
            Route("/connectors/{public_id}/versions/{selector}/logo", self.upload_logo, methods=["POST"]),
            Route("/storage/connectors/{public_id}/{major}/logo.svg", self.download_logo, methods=["GET"]),
        ]

    async def list_connectors(self, request: Request) -> Response:
        """``GET /connectors``: the caller's own connectors, filtered and paged."""
        if not self._is_authorized(request):
            return JSONResponse(_UNAUTHORIZED, status_code=401)

        query = parse_list_query(request.query_params)
        if isinstance(query, dict):
            return _bad_request(query)

        own = [
            connector
            for connector in self._store.connectors(base_url=self._base_url(request))
            if connector["owner"] == SANDBOX_USER_ID
        ]
        return JSONResponse({"data": select_page(own, query)})

    async def show_connector(self, request: Request) -> Response:
        """``GET /connectors/{publicId}``: one connector of the caller."""
        if not self._is_authorized(request):
            return JSONResponse(_UNAUTHORIZED, status_code=401)

        connector = self._owned_connector(request)
        if isinstance(connector, Response):
            return connector
        return JSONResponse({"message": "successful operation", "resource": "connector", "data": connector})

    async def upload_logo(self, request: Request) -> Response:
        """``POST /connectors/{publicId}/versions/{connectorVersion}/logo``: store an SVG logo."""
        if not self._is_authorized(request):
            return JSONResponse(_UNAUTHORIZED, status_code=401)

        connector = self._owned_connector(request)
        if isinstance(connector, Response):
            return connector

        selector = request.path_params["selector"]
        version = resolve_version(connector["versions"], selector, connector["main-version-number"])
        if version is None:
            return JSONResponse(_NOT_FOUND, status_code=404)

        payload = await _read_logo_part(request)
        if not payload:
            return _bad_request({LOGO_FIELD: _BLANK})
        # Parsing a large logo takes a while, so it runs off the event loop.
        if not await run_in_threadpool(is_svg, payload):
            return _bad_request({LOGO_FIELD: _NOT_SVG})

        updated = self._store.store_logo(connector["id"], version["version"], payload, base_url=self._base_url(request))
        return JSONResponse(
            {"message": "Logo has been uploaded successfully.", "resource": "connector-version", "data": updated}
        )

    async def download_logo(self, request: Request) -> Response:
        """``GET /storage/connectors/{publicId}/{major}/logo.svg``: a stored logo, byte for byte.

        Storage is public like a bucket, so no token is needed.
        """
        public_id = request.path_params["public_id"].lower()
        major = request.path_params["major"]
        if not major.isascii() or not major.isdigit() or len(major) > 9:
            return PlainTextResponse("Not Found", status_code=404)

        payload = self._store.logo(public_id, int(major))
        if payload is None:
            return PlainTextResponse("Not Found", status_code=404)
        return Response(payload, media_type="image/svg+xml")

    def _is_authorized(self, request: Request) -> bool:
        return classify_authorization(request.headers.get("authorization"), self._token) == "valid"

    def _owned_connector(self, request: Request) -> JsonObject | Response:
        public_id = request.path_params["public_id"]
        if not UUID_PATTERN.fullmatch(public_id):
            return JSONResponse(_NOT_FOUND, status_code=404)

        connector = self._store.connector(public_id.lower(), base_url=self._base_url(request))
        if connector is None:
            return JSONResponse(_NOT_FOUND, status_code=404)
        if connector["owner"] != SANDBOX_USER_ID:
            return JSONResponse(_FORBIDDEN, status_code=403)
        return connector

    def _base_url(self, request: Request) -> str:
        if self._public_base_url is not None:
            return self._public_base_url
        return str(request.base_url).rstrip("/")


async def _read_logo_part(request: Request) -> bytes | None:
    """Return the bytes of the last file part named ``source``, or None when there is none.

    A body that is not multipart, is malformed, or carries ``source`` as a plain field (a part
    without a filename) counts as no logo.
    """
    # NOTE: how the real API treats a `source` part without a filename is undocumented. A PHP
    # backend treats such a part as a form field rather than a file, so the sandbox rejects it.
    try:
        async with request.form(max_part_size=MAX_REQUEST_BODY_BYTES) as form:
            parts = form.getlist(LOGO_FIELD)
            if not parts or not isinstance(parts[-1], UploadFile):
                return None
            return await parts[-1].read()
    except HTTPException as exc:
        # Starlette turns a malformed multipart body into HTTP 400. Other statuses, such as the
        # 413 of the body size limit, must keep their own response.
        if exc.status_code != 400:
            raise
        return None


def _bad_request(errors: dict[str, str]) -> JSONResponse:
    return JSONResponse({"message": "Bad request.", "errors": errors}, status_code=400)
