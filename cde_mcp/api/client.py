"""The CDE API client: one connection pool, bearer auth pinned to the API's origin, retries, deadlines.

Every public method either returns parsed data or raises a `cde_mcp.errors.CdeMcpError`
whose text is safe to show: no method puts the bearer token into an exception,
a log line or a repr.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Generator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar
from urllib.parse import quote

import anyio
import httpx2
import tenacity
from pydantic import ValidationError

from cde_mcp.api.models import Connector, ConnectorVersion
from cde_mcp.api.responses import ApiResponse, raise_for_response, read_response
from cde_mcp.api.retry import RETRY_STATUSES, RetryableResponse, RetryPolicy, is_unsent, parse_retry_after
from cde_mcp.config import Settings
from cde_mcp.errors import ApiError, ApiTimeout, CdeMcpError, NetworkError, OutcomeUnknown

__all__ = ["CdeClient", "UploadOutcome"]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
_R = TypeVar("_R")
_P = ParamSpec("_P")
# Marks a read-back that found another logo stored: the upload did not land.
_NOT_STORED = ConnectorVersion(name="<not stored>")
# Gateways return 502 and 504 when the API behind them failed or was slow, possibly after storing the logo.
_GATEWAY_STATUSES = frozenset({502, 504})
_USER_AGENT = "cde-mcp (+https://github.com/productsupcom/cde-mcp)"
_UPLOAD_FIELDS = ("name", "version", "logo", "state", "updated-at")


@dataclass(frozen=True)
class UploadOutcome:
    """A logo upload the API accepted, or that a read-back proved stored.

    ``confirmed_by_read_back`` is True when no response arrived but the stored
    logo, downloaded afterwards, has exactly the bytes sent.
    """

    version: ConnectorVersion
    attempts: int
    missing_fields: tuple[str, ...] = ()
    confirmed_by_read_back: bool = False


@dataclass
class _Attempts:
    """Attempts made so far for one call, and whether a read-back proved that an upload was not stored."""

    count: int = 0
    not_stored: bool = False


class _BearerAuth(httpx2.Auth):
    """Adds the bearer token to requests for the API's own origin, and to nothing else.

    Redirects are never followed, but this guard keeps the token with the API
    even if a future change follows them or a caller passes a foreign URL.
    """

    def __init__(self, settings: Settings, origin: httpx2.URL):
        self._settings = settings
        self._origin = origin

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        same_origin = (request.url.scheme, request.url.host, request.url.port) == (
            self._origin.scheme,
            self._origin.host,
            self._origin.port,
        )
        if same_origin:
            request.headers["Authorization"] = f"Bearer {self._settings.bearer_token()}"
        yield request

    def __repr__(self) -> str:
        return f"<_BearerAuth origin={self._origin}>"


def _redacts_token(method: Callable[_P, Awaitable[_R]]) -> Callable[_P, Awaitable[_R]]:
    """Mask the bearer token in any error the wrapped client method raises."""

    @functools.wraps(method)
    async def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return await method(*args, **kwargs)
        except CdeMcpError as exc:
            client = args[0]
            assert isinstance(client, CdeClient)
            token = client.settings.api_token
            exc.redact(token.get_secret_value() if token else "")
            raise

    return wrapper


class CdeClient:
    """Client for the CDE endpoints cde-mcp uses. Create one per process and close it with `aclose`.

    Args:
        settings: Base URL, token, timeouts, deadline and attempts.
        retry: Backoff parameters; defaults to `RetryPolicy` with ``settings.api_max_attempts``.
        transport: An httpx2 transport, for tests that must replace the network.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        retry: RetryPolicy | None = None,
        transport: httpx2.AsyncBaseTransport | None = None,
    ):
        self.settings = settings
        self.retry = retry or RetryPolicy(attempts=settings.api_max_attempts)
        base = httpx2.URL(settings.api_base_url + "/")
        self._auth = _BearerAuth(settings, base)
        self._http = httpx2.AsyncClient(
            base_url=base,
            timeout=httpx2.Timeout(
                settings.api_timeout,
                connect=settings.api_connect_timeout or settings.api_timeout,
                read=settings.api_read_timeout or settings.api_timeout,
                write=settings.api_write_timeout or settings.api_timeout,
                pool=settings.api_pool_timeout or settings.api_timeout,
            ),
            limits=httpx2.Limits(max_connections=20, max_keepalive_connections=10),
            # A redirect could carry the token to another origin; it is reported instead.
            follow_redirects=False,
            headers={"User-Agent": _USER_AGENT, "Accept": "application/json"},
            transport=transport,
        )

    def __repr__(self) -> str:
        return f"<CdeClient base_url={self.settings.api_base_url!r}>"

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> CdeClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # Public operations

    @_redacts_token
    async def upload_logo(self, public_id: str, connector_version: str, logo: bytes) -> UploadOutcome:
        """Upload ``logo`` as the SVG logo of one connector version.

        The upload is idempotent, so it is retried like a read. When a request
        was sent but no response arrived, the stored logo is read back. If it has
        these bytes the upload counts as done, if it has others the upload is sent
        again, and if that cannot be determined `OutcomeUnknown` is raised.
        """
        self.settings.bearer_token()
        operation = f"logo upload to connector {public_id}, version {connector_version}"
        path = f"connectors/{_segment(public_id)}/versions/{_segment(connector_version)}/logo"
        attempts = _Attempts()

        async def send() -> ApiResponse:
            files = {self.settings.logo_field: ("logo.svg", logo, "image/svg+xml")}
            return await self._send_once("POST", path, attempts, files=files)

        async def after_sent_failure(exc: httpx2.TransportError) -> UploadOutcome | None:
            stored_version = await self._stored_version(public_id, connector_version, logo)
            if stored_version is None:
                raise _outcome_unknown(operation, exc, attempts.count) from exc
            if stored_version is _NOT_STORED:
                attempts.not_stored = True
                return None
            return UploadOutcome(version=stored_version, attempts=attempts.count, confirmed_by_read_back=True)

        async with self._deadline(operation, attempts, upload=True):
            result = await self._with_retries(operation, attempts, send, after_sent_failure)
            if isinstance(result, ApiResponse) and result.status in _GATEWAY_STATUSES:
                result = await self._check_after_gateway_error(result, public_id, connector_version, logo, attempts)

        if isinstance(result, UploadOutcome):
            return result
        body = raise_for_response(result, operation=_with_attempts(operation, attempts))
        return _upload_outcome(body, attempts.count)

    async def _check_after_gateway_error(
        self, api_response: ApiResponse, public_id: str, connector_version: str, logo: bytes, attempts: _Attempts
    ) -> ApiResponse | UploadOutcome:
        """Read the logo back after a final 502 or 504, because the API behind the gateway may have stored it."""
        stored_version = await self._stored_version(public_id, connector_version, logo)
        if stored_version is None:
            raise OutcomeUnknown(
                f"The gateway in front of the CDE API returned HTTP {api_response.status} to the logo upload to "
                f"connector {public_id}, version {connector_version}, and reading the connector back could not "
                "determine whether the API stored the logo before the gateway gave up.",
                hint="Call upload_connector_logo again with the same logo: uploads are idempotent.",
                details={"status": api_response.status, "attempts": attempts.count},
            )
        if stored_version is _NOT_STORED:
            return api_response
        return UploadOutcome(version=stored_version, attempts=attempts.count, confirmed_by_read_back=True)

    @_redacts_token
    async def get_connector(self, public_id: str) -> Connector:
        """Return one connector with its versions (``GET /connectors/{publicId}``)."""
        self.settings.bearer_token()
        operation = f"read of connector {public_id}"
        body = await self._get_json(f"connectors/{_segment(public_id)}", operation)
        data = body.get("data")
        if not isinstance(data, dict):
            raise ApiError(f"The CDE API's response to the {operation} has no connector object in `data`.")
        return _parse_connector(data, operation)

    @_redacts_token
    async def list_connectors(self, params: dict[str, str]) -> list[Connector]:
        """Return one page of the caller's own connectors (``GET /connectors`` with ``params``)."""
        self.settings.bearer_token()
        operation = "list of connectors"
        body = await self._get_json("connectors", operation, params=params)
        data = body.get("data")
        if not isinstance(data, list):
            raise ApiError(f"The CDE API's response to the {operation} has no list in `data`.")
        return [_parse_connector(item, operation) for item in data if isinstance(item, dict)]

    async def download(self, url: str, *, max_bytes: int) -> bytes | None:
        """Download a stored logo without credentials; None when it cannot be had.

        Reading stops after ``max_bytes + 1`` bytes, so a larger file comes back cut to
        that length: still enough to tell that it differs from ``max_bytes`` bytes sent.
        """
        try:
            async with self._http.stream("GET", url, auth=None) as response:
                if response.status_code != 200:
                    return None
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        break
                return bytes(body[: max_bytes + 1])
        except (httpx2.HTTPError, httpx2.InvalidURL) as exc:
            logger.info("Download of the stored logo failed: %s", type(exc).__name__)
            return None

    # Sending, retrying, deadlines

    async def _get_json(self, path: str, operation: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        attempts = _Attempts()

        async def send() -> ApiResponse:
            return await self._send_once("GET", path, attempts, params=params)

        async with self._deadline(operation, attempts, upload=False):
            api_response = await self._with_retries(operation, attempts, send, None)
        assert isinstance(api_response, ApiResponse)
        return raise_for_response(api_response, operation=_with_attempts(operation, attempts))

    async def _send_once(self, method: str, path: str, attempts: _Attempts, **kwargs: Any) -> ApiResponse:
        attempts.count += 1
        request = self._http.build_request(method, path, **kwargs)
        response = await self._http.send(request, auth=self._auth, stream=True)
        try:
            token = self.settings.api_token
            api_response = await read_response(response, secret=token.get_secret_value() if token else "")
        finally:
            await response.aclose()

        logger.info("%s %s -> HTTP %d (attempt %d)", method, request.url.path, api_response.status, attempts.count)
        if api_response.status in RETRY_STATUSES:
            raise RetryableResponse(api_response, parse_retry_after(api_response.headers.get("retry-after")))
        return api_response

    async def _with_retries(
        self,
        operation: str,
        attempts: _Attempts,
        send: Callable[[], Awaitable[ApiResponse]],
        after_sent_failure: Callable[[httpx2.TransportError], Awaitable[_T | None]] | None,
    ) -> ApiResponse | _T:
        """Run ``send`` until it returns a response, retrying what `RetryPolicy` allows.

        ``after_sent_failure`` decides what a transport error after sending means
        (for uploads): a value ends the loop with it, None lets the loop retry.
        Without it (reads), every transport error may be retried.
        """

        async def attempt() -> ApiResponse | _T:
            try:
                return await send()
            except httpx2.TransportError as exc:
                if after_sent_failure is None or is_unsent(exc):
                    raise
                result = await after_sent_failure(exc)
                if result is None:
                    raise
                return result

        # stop_before_delay also stops when the coming wait would end past the deadline.
        deadline = tenacity.stop_before_delay(self.settings.api_deadline)
        retrying = tenacity.AsyncRetrying(
            stop=tenacity.stop_after_attempt(self.retry.attempts) | deadline,
            wait=self._wait,
            retry=tenacity.retry_if_exception_type((RetryableResponse, httpx2.TransportError)),
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            return await retrying(attempt)
        except RetryableResponse as exc:
            return exc.api_response
        except httpx2.TransportError as exc:
            raise _transport_error(operation, exc, attempts) from exc

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableResponse) and exc.retry_after is not None:
            return exc.retry_after
        return self.retry.backoff(state.attempt_number)

    def _log_retry(self, state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        cause = str(exc) if isinstance(exc, RetryableResponse) else type(exc).__name__
        logger.warning(
            "Attempt %d of %d failed (%s); retrying in %.2f s",
            state.attempt_number,
            self.retry.attempts,
            cause,
            state.upcoming_sleep,
        )

    @asynccontextmanager
    async def _deadline(self, operation: str, attempts: _Attempts, *, upload: bool) -> AsyncIterator[None]:
        deadline = self.settings.api_deadline
        try:
            with anyio.fail_after(deadline):
                yield
        except TimeoutError:
            if upload and attempts.count:
                raise OutcomeUnknown(
                    f"The {operation} did not finish within the {deadline:g} s deadline (CDE_API_DEADLINE), "
                    f"after {attempts.count} attempt(s); the last one may or may not have been stored.",
                    hint="Call upload_connector_logo again with the same logo (uploads are idempotent), "
                    "or check the version's logo with get_connector.",
                ) from None
            raise ApiTimeout(
                f"The {operation} did not finish within the {deadline:g} s deadline (CDE_API_DEADLINE).",
                hint="Call again later, or raise CDE_API_DEADLINE if the API is slow but working.",
                details={"phase": "deadline"},
            ) from None

    async def _stored_version(self, public_id: str, connector_version: str, logo: bytes) -> ConnectorVersion | None:
        """Read the version back and compare its stored logo with ``logo``.

        Returns the version when the stored logo has exactly these bytes,
        `_NOT_STORED` when it has other bytes, and None when that cannot be determined.
        """
        try:
            connector = await self.get_connector(public_id)
        except CdeMcpError as exc:
            logger.info("Read-back after an unanswered upload failed: %s", exc.code)
            return None

        version = connector.resolve_version(connector_version)
        if version is None:
            return None
        if not version.logo:
            # The API sets the logo URL when it stores a logo, so none means this upload did not land.
            return _NOT_STORED
        stored = await self.download(version.logo, max_bytes=len(logo) + 1)
        if stored is None:
            return None

        logger.info("Read-back after an unanswered upload: stored logo %s", "matches" if stored == logo else "differs")
        return version if hashlib.sha256(stored).digest() == hashlib.sha256(logo).digest() else _NOT_STORED


def _parse_connector(data: dict[str, Any], operation: str) -> Connector:
    try:
        return Connector.model_validate(data)
    except ValidationError as exc:
        fields = ", ".join(sorted({".".join(map(str, error["loc"])) for error in exc.errors()}))
        raise ApiError(
            f"The CDE API's response to the {operation} has a connector with unexpected fields: {fields}.",
            hint="The API may have changed; report this with the field names above.",
        ) from None


def _with_attempts(operation: str, attempts: _Attempts) -> str:
    return f"{operation} (after {attempts.count} attempts)" if attempts.count > 1 else operation


def _segment(value: str) -> str:
    """Percent-encode one path segment; arguments are validated before, this is a second guard."""
    return quote(value, safe="")


def _upload_outcome(body: dict[str, Any], attempts: int) -> UploadOutcome:
    """Read a 2xx upload response leniently: the upload happened, whatever shape its body has."""
    data = body.get("data")
    data = data if isinstance(data, dict) else {}
    try:
        version = ConnectorVersion.model_validate(data)
        invalid: set[str] = set()
    except ValidationError as exc:
        # A field of the wrong type counts as missing rather than failing the upload.
        invalid = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        version = ConnectorVersion.model_validate({key: value for key, value in data.items() if key not in invalid})

    missing = tuple(name for name in _UPLOAD_FIELDS if data.get(name) in (None, "") or name in invalid)
    return UploadOutcome(version=version, attempts=attempts, missing_fields=missing)


_PHASES: dict[type[httpx2.TimeoutException], str] = {
    httpx2.ConnectTimeout: "connect",
    httpx2.ReadTimeout: "read",
    httpx2.WriteTimeout: "write",
    httpx2.PoolTimeout: "pool",
}


def _transport_error(operation: str, exc: httpx2.TransportError, attempts: _Attempts) -> CdeMcpError:
    tries = f"after {attempts.count} attempt(s)"
    if attempts.not_stored:
        tries += "; reading the connector back showed the logo was not stored"
    if isinstance(exc, httpx2.TimeoutException):
        phase = _PHASES.get(type(exc), "request")
        return ApiTimeout(
            f"The {operation} timed out in the {phase} phase {tries}.",
            hint=f"Check that the CDE API is reachable; raise CDE_API_{phase.upper()}_TIMEOUT "
            "(seconds) if it is slow but working.",
            details={"phase": phase, "attempts": attempts.count},
        )
    return NetworkError(
        f"The {operation} failed {tries}: {type(exc).__name__}{_reason(exc)}.",
        hint="Check the network and CDE_API_BASE_URL, then call again.",
        details={"attempts": attempts.count},
    )


def _outcome_unknown(operation: str, exc: httpx2.TransportError, attempts: int) -> OutcomeUnknown:
    return OutcomeUnknown(
        f"The {operation} was sent, but no response arrived ({type(exc).__name__}) and reading the connector back "
        "could not tell whether the logo was stored.",
        hint="Call upload_connector_logo again with the same logo: uploads are idempotent. "
        "get_connector shows the version's current logo URL.",
        details={"attempts": attempts},
    )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f" ({text[:160]})" if text else ""
