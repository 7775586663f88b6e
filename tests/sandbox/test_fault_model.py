"""Validation of Fault, path matching and the order of FaultQueue."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from cde_mcp.sandbox import Fault
from cde_mcp.sandbox._faults import FaultQueue


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "status"},
        {"kind": "delay"},
        {"kind": "redirect"},
        {"kind": "delay", "seconds": 1, "status": 500},
        {"kind": "reset_before_request", "body": "x"},
        {"kind": "redirect", "location": "/x", "status": 200},
        {"kind": "status", "status": 100},
        {"kind": "status", "status": 600},
        {"kind": "status", "status": 503, "retry_after": "1\r\nSet-Cookie: a=b"},
        {"kind": "status", "status": 503, "retry_after": "zwei Sekunden \u00e4"},
        {"kind": "redirect", "location": "https://a.invalid/\nx"},
        {"kind": "non_json", "body": {"not": "text"}},
        {"kind": "oversized", "size": 4},
        {"kind": "delay", "seconds": -1},
        {"kind": "status", "status": 500, "count": 0},
        {"kind": "status", "status": 500, "path": "connectors"},
        {"kind": "status", "status": 500, "surprise": True},
        {"kind": "teapot"},
    ],
    ids=lambda fields: "-".join(f"{key}={value}" for key, value in fields.items())[:60],
)
def test_invalid_fault_rejected(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Fault.model_validate(fields)


def test_defaults_fill_in() -> None:
    assert Fault(kind="html").status == 502
    assert Fault(kind="redirect", location="/x").status == 302
    assert Fault(kind="empty").status == 200
    assert Fault(kind="non_json").body == "OK"
    assert Fault(kind="oversized").size == 5 * 1024 * 1024
    assert Fault(kind="reset_after_request").count == 1


def test_retry_after_number_becomes_text() -> None:
    fault = Fault.model_validate({"kind": "status", "status": 503, "retry_after": 7})

    assert fault.retry_after == "7"


@pytest.mark.parametrize(
    ("path", "request_path", "expected"),
    [
        (None, "/connectors", True),
        (None, "/connectors/x/versions/1/logo", True),
        (None, "/storage/connectors/x/1/logo.svg", False),
        (None, "/_sandbox/faults", False),
        (None, "/_sandbox", False),
        ("/", "/connectors", True),
        ("/", "/storage/connectors/x/1/logo.svg", False),
        ("/", "/_sandbox/reset", False),
        ("/connectors/x", "/connectors/x/versions/1/logo", True),
        ("/connectors/x", "/connectors", False),
        ("/storage/", "/storage/connectors/x/1/logo.svg", True),
        ("/storage/", "/connectors", False),
        ("/_sandbox/requests", "/_sandbox/requests", True),
        ("/_sandbox/requests", "/_sandbox/faults", False),
    ],
)
def test_fault_matches_path(path: str | None, request_path: str, expected: bool) -> None:
    fault = Fault(kind="status", status=500, path=path)

    assert fault.matches(request_path) is expected


def test_queue_counts_down() -> None:
    queue = FaultQueue()
    queue.add(Fault(kind="status", status=500, count=2))

    assert queue.take("/connectors") is not None
    assert queue.pending()[0].count == 1
    assert queue.take("/connectors") is not None
    assert queue.take("/connectors") is None


def test_queue_skips_non_matching() -> None:
    queue = FaultQueue()
    queue.add(Fault(kind="status", status=500, path="/connectors/a"))
    queue.add(Fault(kind="status", status=503))

    taken = queue.take("/connectors")

    assert taken is not None
    assert taken.status == 503
    assert [fault.status for fault in queue.pending()] == [500]


def test_queue_clear_counts() -> None:
    queue = FaultQueue()
    queue.add(Fault(kind="html"))
    queue.add(Fault(kind="empty"))

    assert queue.clear() == 2
    assert queue.pending() == []
