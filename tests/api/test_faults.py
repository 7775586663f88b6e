"""The API client under injected faults: retries, timeouts, unknown outcomes, redirects, odd bodies.

Every test drives the real client against the sandbox over HTTP on 127.0.0.1;
the sandbox injects each fault. Wall-clock bounds are generous upper limits
that prove a call did not hang or wait out a long Retry-After.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from cde_mcp.api.client import CdeClient
from cde_mcp.api.retry import RetryPolicy, format_http_date
from cde_mcp.errors import ApiError, ApiTimeout, NetworkError, OutcomeUnknown
from cde_mcp.sandbox import OMDB_ID, Fault, SandboxServer
from tests.helpers import CANARY_TOKEN, make_settings

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'
UPLOAD_PATH = f"/connectors/{OMDB_ID}/versions/1/logo"


def _client(sandbox: SandboxServer, attempts: int = 3, **overrides: object) -> CdeClient:
    settings = make_settings(sandbox.base_url, api_max_attempts=attempts, **overrides)
    return CdeClient(settings, retry=RetryPolicy.immediate(attempts))


def _api_requests(sandbox: SandboxServer, method: str) -> list[object]:
    return [request for request in sandbox.requests() if request.method == method and request.path.startswith("/conn")]


@pytest.fixture
def other_origin() -> Iterator[SandboxServer]:
    """A second server on another port: an origin the token must never reach."""
    with SandboxServer(token="other-origin-token") as server:
        yield server


async def test_retries_503_then_succeeds(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=503, count=2))

    async with _client(sandbox) as client:
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)

    assert outcome.attempts == 3
    assert len(_api_requests(sandbox, "POST")) == 3
    assert sandbox.stored_logo(OMDB_ID, 1) == SVG


@pytest.mark.parametrize("status", [502, 503, 504, 429])
async def test_gives_up_after_max_attempts(sandbox: SandboxServer, status: int) -> None:
    sandbox.add_fault(Fault(kind="status", status=status, count=5))

    async with _client(sandbox, attempts=3) as client:
        with pytest.raises(ApiError) as caught:
            await client.upload_logo(OMDB_ID, "1", SVG)

    assert caught.value.code == "api_error"
    assert caught.value.status == status
    assert "(after 3 attempts)" in str(caught.value)
    assert len(_api_requests(sandbox, "POST")) == 3


@pytest.mark.parametrize("status", [502, 504])
async def test_gateway_error_read_back_finds_logo(sandbox: SandboxServer, status: int) -> None:
    async with _client(sandbox) as client:
        await client.upload_logo(OMDB_ID, "1", SVG)
        sandbox.add_fault(Fault(kind="status", status=status, count=3, path=UPLOAD_PATH))
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)

    assert outcome.confirmed_by_read_back is True
    assert outcome.attempts == 3


async def test_gateway_error_without_read_back_unknown(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="html", status=504, count=20))

    async with _client(sandbox) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.upload_logo(OMDB_ID, "1", SVG)

    assert "HTTP 504" in str(caught.value)


@pytest.mark.parametrize("status", [500, 418])
async def test_no_retry_on_other_status(sandbox: SandboxServer, status: int) -> None:
    sandbox.add_fault(Fault(kind="status", status=status, count=5))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError):
            await client.upload_logo(OMDB_ID, "1", SVG)

    assert len(_api_requests(sandbox, "POST")) == 1


async def test_retry_after_seconds_honoured(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=429, retry_after="1"))

    started = time.monotonic()
    async with _client(sandbox) as client:
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)
    elapsed = time.monotonic() - started

    assert outcome.attempts == 2
    assert elapsed >= 0.9
    assert elapsed < 10


async def test_retry_after_http_date_honoured(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=503, retry_after=format_http_date(2)))

    started = time.monotonic()
    async with _client(sandbox) as client:
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)
    elapsed = time.monotonic() - started

    assert outcome.attempts == 2
    assert elapsed >= 0.5
    assert elapsed < 10


async def test_retry_after_beyond_deadline_not_waited(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=429, retry_after="3600"))

    started = time.monotonic()
    async with _client(sandbox, api_deadline=5.0) as client:
        with pytest.raises(ApiError) as caught:
            await client.upload_logo(OMDB_ID, "1", SVG)

    assert caught.value.status == 429
    assert "rate limiting" in str(caught.value)
    assert "Retry-After: 3600" in str(caught.value)
    assert time.monotonic() - started < 5
    assert len(_api_requests(sandbox, "POST")) == 1


async def test_retry_logged_without_token(sandbox: SandboxServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox.add_fault(Fault(kind="status", status=503))

    async with _client(sandbox) as client:
        await client.upload_logo(OMDB_ID, "1", SVG)

    retries = [record.getMessage() for record in caplog.records if "retrying in" in record.getMessage()]
    assert retries == ["Attempt 1 of 3 failed (HTTP 503); retrying in 0.00 s"]
    assert CANARY_TOKEN not in caplog.text


async def test_html_proxy_page(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="html", status=502, count=3))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_connector(OMDB_ID)

    message = str(caught.value)
    assert caught.value.status == 502
    assert "HTTP 502" in message
    assert "<" not in message.split("body starts", 1)[1]


async def test_non_json_success_body(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="non_json", body="All good"))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError) as caught:
            await client.upload_logo(OMDB_ID, "1", SVG)

    assert caught.value.code == "api_error"
    assert "not a JSON object" in str(caught.value)
    assert "All good" in str(caught.value)


async def test_empty_body(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="empty", status=200))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_connector(OMDB_ID)

    assert "(empty body)" in str(caught.value)


async def test_oversized_body_cut(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="oversized", size=4 * 1024 * 1024))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_connector(OMDB_ID)

    assert "larger than 1048576 bytes" in str(caught.value)


async def test_success_with_wrong_field_types(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=200, body={"data": {"version": 5, "name": ["x"], "logo": "u"}}))

    async with _client(sandbox) as client:
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)

    assert outcome.version.logo == "u"
    assert "version" in outcome.missing_fields
    assert "name" in outcome.missing_fields


async def test_token_echo_masked(sandbox: SandboxServer) -> None:
    body = {"message": f"Token {CANARY_TOKEN} has expired", "errors": {"source": f"Bearer%20{CANARY_TOKEN}"}}
    sandbox.add_fault(Fault(kind="status", status=401, body=body))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_connector(OMDB_ID)

    assert caught.value.code == "unauthorized"
    assert CANARY_TOKEN not in str(caught.value)
    assert "Token *** has expired" in str(caught.value)


async def test_control_characters_removed(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=403, body={"message": "Denied\x1b]0;pwned\x07\rfake line"}))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_connector(OMDB_ID)

    assert "\x1b" not in str(caught.value)
    assert "\r" not in str(caught.value)


async def test_success_without_fields(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="status", status=200, body={"message": "Logo has been uploaded successfully."}))

    async with _client(sandbox) as client:
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)

    assert outcome.missing_fields == ("name", "version", "logo", "state", "updated-at")


async def test_redirect_not_followed(sandbox: SandboxServer, other_origin: SandboxServer) -> None:
    target = f"{other_origin.base_url}{UPLOAD_PATH}"
    sandbox.add_fault(Fault(kind="redirect", status=307, location=target))

    async with _client(sandbox) as client:
        with pytest.raises(ApiError) as caught:
            await client.upload_logo(OMDB_ID, "1", SVG)

    host = other_origin.base_url.removeprefix("http://")
    assert caught.value.status == 307
    assert host in str(caught.value)
    assert other_origin.requests() == []


async def test_token_only_sent_to_api_origin(sandbox: SandboxServer, other_origin: SandboxServer) -> None:
    async with _client(sandbox) as client:
        await client.download(f"{other_origin.base_url}/storage/connectors/{OMDB_ID}/1/logo.svg", max_bytes=1000)

    assert [request.auth for request in other_origin.requests()] == ["missing"]


async def test_reset_before_request_retried(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="reset_before_request", path=UPLOAD_PATH))

    async with _client(sandbox) as client:
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)

    assert outcome.attempts == 2
    assert outcome.confirmed_by_read_back is False
    assert sandbox.stored_logo(OMDB_ID, 1) == SVG


async def test_reset_after_request_confirmed(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="reset_after_request", path=UPLOAD_PATH))

    async with _client(sandbox) as client:
        outcome = await client.upload_logo(OMDB_ID, "1", SVG)

    assert outcome.attempts == 1
    assert outcome.confirmed_by_read_back is True
    assert outcome.version.version == "1.0.1"
    assert len(_api_requests(sandbox, "POST")) == 1


async def test_unknown_outcome_reported(sandbox: SandboxServer) -> None:
    # The upload is stored but unanswered, and every read-back attempt fails too.
    sandbox.add_fault(Fault(kind="reset_after_request", path=UPLOAD_PATH))
    sandbox.add_fault(Fault(kind="reset_before_request", path=f"/connectors/{OMDB_ID}", count=10))

    async with _client(sandbox) as client:
        with pytest.raises(OutcomeUnknown) as caught:
            await client.upload_logo(OMDB_ID, "1", SVG)

    assert caught.value.code == "outcome_unknown"
    assert "idempotent" in str(caught.value)
    assert len(_api_requests(sandbox, "POST")) == 1


async def test_read_timeout_names_phase(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=2, count=3))

    started = time.monotonic()
    async with _client(sandbox, attempts=2, api_timeout=0.3) as client:
        with pytest.raises(ApiTimeout) as caught:
            await client.get_connector(OMDB_ID)

    assert caught.value.details["phase"] == "read"
    assert "read phase after 2 attempt(s)" in str(caught.value)
    assert time.monotonic() - started < 5


async def test_deadline_bounds_retries(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=3, count=10))

    started = time.monotonic()
    async with _client(sandbox, attempts=10, api_timeout=5.0, api_deadline=1.0) as client:
        with pytest.raises(ApiTimeout) as caught:
            await client.get_connector(OMDB_ID)

    assert caught.value.details["phase"] == "deadline"
    assert time.monotonic() - started < 3


async def test_upload_past_deadline_is_unknown(sandbox: SandboxServer) -> None:
    sandbox.add_fault(Fault(kind="delay", seconds=3, path=UPLOAD_PATH))

    async with _client(sandbox, api_timeout=5.0, api_deadline=1.0) as client:
        with pytest.raises(OutcomeUnknown):
            await client.upload_logo(OMDB_ID, "1", SVG)


async def test_connection_refused() -> None:
    settings = make_settings("http://127.0.0.1:9", api_max_attempts=2)

    async with CdeClient(settings, retry=RetryPolicy.immediate(2)) as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_connector(OMDB_ID)

    assert "ConnectError" in str(caught.value)
    assert CANARY_TOKEN not in str(caught.value)


async def test_long_token_echo_masked_before_cut(sandbox: SandboxServer) -> None:
    token = "eyJ" + "x" * 360 + "/+="
    settings = make_settings(sandbox.base_url, api_token=token)
    body = {"message": f"Token {token} expired", "errors": {"source": f"bad {token}"}}
    sandbox.add_fault(Fault(kind="status", status=400, body=body))

    async with CdeClient(settings, retry=RetryPolicy.immediate()) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_connector(OMDB_ID)

    assert "x" * 20 not in str(caught.value)
    assert "Token *** expired" in str(caught.value)


@pytest.mark.parametrize("spelling", ["lower-hex", "slash-kept", "json-slash"])
async def test_encoded_token_echo_masked(sandbox: SandboxServer, spelling: str) -> None:
    token = "Zm9v/YmFy+cXV4secret="
    encoded = {
        "lower-hex": "Zm9v%2fYmFy%2bcXV4secret%3d",
        "slash-kept": "Zm9v/YmFy%2BcXV4secret%3D",
        "json-slash": "Zm9v\\/YmFy+cXV4secret=",
    }[spelling]
    sandbox.add_fault(Fault(kind="status", status=500, body=f"upstream rejected {encoded}"))

    async with CdeClient(make_settings(sandbox.base_url, api_token=token), retry=RetryPolicy.immediate()) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_connector(OMDB_ID)

    assert "secret" not in str(caught.value)
    assert "upstream rejected ***" in str(caught.value)


async def test_connector_names_cleaned(sandbox: SandboxServer) -> None:
    connector = {"id": OMDB_ID, "name": "omdb\x1b]0;title\x07\nforged", "type": "data\rsource", "versions": []}
    sandbox.add_fault(Fault(kind="status", status=200, body={"data": connector}))

    async with _client(sandbox) as client:
        result = await client.get_connector(OMDB_ID)

    assert result.name == "omdb ]0;title forged"
    assert result.type == "data source"
