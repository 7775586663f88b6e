"""Query parameters of ``GET /connectors``: parsing, filtering and paging."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from cde_mcp.sandbox._seed import JsonObject

__all__ = ["CONNECTOR_TYPES", "UUID_PATTERN", "ListQuery", "parse_list_query", "select_page"]

CONNECTOR_TYPES = ("datasource", "export", "export-delta", "data-service")
DEFAULT_START = 0
DEFAULT_LIMIT = 10
MAX_LIMIT = 100

UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_INTEGER_PATTERN = re.compile(r"-?[0-9]{1,9}")


@dataclass(frozen=True)
class ListQuery:
    """The validated filters and page of one list request."""

    name: str | None = None
    connector_type: str | None = None
    owners: frozenset[str] | None = None
    released: bool | None = None
    start: int = 0
    limit: int = DEFAULT_LIMIT


def parse_list_query(params: QueryParams) -> ListQuery | dict[str, str]:
    """Validate the query parameters and return a `ListQuery`, or the errors keyed by parameter.

    ``limit`` is clamped to 1..100 instead of being rejected. A repeated parameter counts with
    its last value, except ``owners``, whose values (repeated or comma-separated) all count.
    """
    errors: dict[str, str] = {}

    connector_type = params.get("type")
    if connector_type is not None and connector_type not in CONNECTOR_TYPES:
        errors["type"] = f"Invalid type {connector_type!r}: expected one of {', '.join(CONNECTOR_TYPES)}."

    owners = _parse_owners(params.getlist("owners"), errors)
    released = _parse_released(params.get("released"), errors)
    start = _parse_integer(params, "from", DEFAULT_START, errors)
    if start is not None and start < 0:
        errors["from"] = f"Invalid from {start}: expected an integer of 0 or more."
    limit = _parse_integer(params, "limit", DEFAULT_LIMIT, errors)

    if errors or start is None or limit is None:
        return errors
    return ListQuery(
        name=params.get("name"),
        connector_type=connector_type,
        owners=owners,
        released=released,
        start=start,
        limit=min(max(limit, 1), MAX_LIMIT),
    )


def select_page(connectors: Sequence[JsonObject], query: ListQuery) -> list[JsonObject]:
    """Return the connectors that pass every filter of ``query``, sliced to its page."""
    selected = [connector for connector in connectors if _passes_filters(connector, query)]
    return selected[query.start : query.start + query.limit]


def _passes_filters(connector: JsonObject, query: ListQuery) -> bool:
    checks = (
        query.name is None or query.name.casefold() in connector["name"].casefold(),
        query.connector_type is None or connector["type"] == query.connector_type,
        query.owners is None or connector["owner"] in query.owners,
        query.released is None or _is_released(connector) == query.released,
    )
    return all(checks)


def _is_released(connector: JsonObject) -> bool:
    return any(version["platform_prod_reference"]["released"] is True for version in connector["versions"])


def _parse_owners(values: list[str], errors: dict[str, str]) -> frozenset[str] | None:
    if not values:
        return None

    owners = [owner.strip().lower() for value in values for owner in value.split(",") if owner.strip()]
    invalid = [owner for owner in owners if not UUID_PATTERN.fullmatch(owner)]
    if invalid or not owners:
        errors["owners"] = f"Invalid owners {', '.join(values)!r}: expected comma-separated user UUIDs."
        return None
    return frozenset(owners)


def _parse_released(value: str | None, errors: dict[str, str]) -> bool | None:
    if value is None:
        return None
    if value in ("true", "false"):
        return value == "true"
    errors["released"] = f"Invalid released {value!r}: expected true or false."
    return None


def _parse_integer(params: QueryParams, name: str, default: int, errors: dict[str, str]) -> int | None:
    value = params.get(name)
    if value is None:
        return default
    if _INTEGER_PATTERN.fullmatch(value):
        return int(value)
    errors[name] = f"Invalid {name} {value!r}: expected an integer."
    return None
