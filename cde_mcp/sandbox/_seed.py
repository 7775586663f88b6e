"""The fixed data the sandbox starts with: two users, their connectors and one stored logo.

Every id is a module constant, so tests and docs can name connectors directly. Each call of
`seed_connectors` builds fresh objects, which lets a reset restore the seed without copying.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

JsonObject = dict[str, Any]

# A published, test-only value, not a credential of any real service.
SANDBOX_TOKEN = "sandbox-token"  # noqa: S105
"""Bearer token that the sandbox accepts unless it is started with another one."""

SANDBOX_USER_ID = "019e16f4-5a1d-7b0c-9e2f-3c4d5e6f7a80"
"""The user behind the sandbox token. It owns every connector except `FOREIGN_ID`."""

FOREIGN_USER_ID = "019e16f4-f0e1-7d2c-8b3a-495867a7b6c5"
"""Another user. Requests of the sandbox user for its connector get 403."""

OMDB_ID = "019e16f5-5795-79d4-a959-6d54a49f2fa8"
"""Datasource "omdb" with versions 1.0.1 and 2.0.0. Its main version is 1."""

EXPORT_ID = "019e16f5-7e2a-7c41-b8d3-2f6a9c0e4b15"
"""Export "rss-feed" with versions 1.0.3, 2.1.0 and 10.0.0. Its main version is 2."""

RELEASED_ID = "019e16f5-a0b1-7c2d-9e3f-4a5b6c7d8e9f"
"""Datasource "akeneo-pim" whose version 1.2.0 is released and already has a logo."""

UUID4_ID = "3f2b8c1e-9a4d-4e6f-b7c8-1d2e3f4a5b6c"
"""Data service "price-checker", the connector with a random (version 4) UUID."""

DRAFT_ID = "019e16f5-c3d4-7e5f-8a6b-7c8d9e0f1a2b"
"""Export delta "draft-delta", freshly created: version 1.0.0 and no main version."""

FOREIGN_ID = "019e16f5-e5f6-7a7b-8c9d-0e1f2a3b4c5d"
"""Datasource "competitor-feed", owned by `FOREIGN_USER_ID`."""

SEEDED_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    b'<rect width="32" height="32" rx="6" fill="#1f6feb"/></svg>\n'
)
"""The logo stored for `RELEASED_ID` major 1 before any upload."""

_FIRST_CREATED_AT = datetime.fromisoformat("2026-05-11T14:13:58+02:00")

# Filler connectors that make the list span three pages of the default limit (10).
# Each entry is (name, type); filler number i gets 2 versions when i is odd and 3 when even.
_FILLERS: tuple[tuple[str, str], ...] = (
    ("shopify-products", "datasource"),
    ("google-merchant-export", "export"),
    ("meta-catalog-export", "export"),
    ("amazon-listings", "export-delta"),
    ("csv-url-import", "datasource"),
    ("ftp-import", "datasource"),
    ("bigquery-export", "export"),
    ("pricing-enrichment", "data-service"),
    ("translation-service", "data-service"),
    ("image-tagging", "data-service"),
    ("sftp-export", "export"),
    ("xml-feed-import", "datasource"),
    ("zalando-delta", "export-delta"),
    ("ebay-delta", "export-delta"),
    ("tiktok-catalog-export", "export"),
    ("pinterest-export", "export"),
    ("salesforce-import", "datasource"),
    ("currency-conversion", "data-service"),
    ("idealo-export", "export"),
    ("magento-import", "datasource"),
)


def filler_id(index: int) -> str:
    """Return the id of filler connector ``index`` (1 to 20), a version 7 style UUID."""
    return f"019e16f6-{index:04x}-7000-8000-{index:012x}"


def seed_connectors() -> list[JsonObject]:
    """Build the seeded connectors, in the order the list endpoint returns them."""
    connectors = [
        _connector(OMDB_ID, "omdb", "datasource", versions=("1.0.1", "2.0.0"), main=1, minute=0),
        _connector(EXPORT_ID, "rss-feed", "export", versions=("1.0.3", "2.1.0", "10.0.0"), main=2, minute=1),
        _connector(RELEASED_ID, "akeneo-pim", "datasource", versions=("1.2.0", "2.0.0"), main=1, minute=2),
        _connector(UUID4_ID, "price-checker", "data-service", versions=("1.0.0",), main=1, minute=3),
        _connector(DRAFT_ID, "draft-delta", "export-delta", versions=("1.0.0",), main=None, minute=4),
    ]
    _mark_released(connectors[2], "1.2.0")
    connectors[4]["versions"][0]["state"] = "created"

    for index, (name, connector_type) in enumerate(_FILLERS, start=1):
        majors = 2 if index % 2 else 3
        versions = tuple(f"{major}.0.{index}" for major in range(1, majors + 1))
        connectors.append(
            _connector(filler_id(index), name, connector_type, versions=versions, main=1, minute=4 + index)
        )

    foreign = _connector(FOREIGN_ID, "competitor-feed", "datasource", versions=("1.0.0",), main=1, minute=30)
    foreign["owner"] = foreign["integrator"] = FOREIGN_USER_ID
    connectors.append(foreign)
    return connectors


def seed_logos() -> dict[tuple[str, int], bytes]:
    """Build the logos stored before any upload, keyed by (connector id, major version)."""
    return {(RELEASED_ID, 1): SEEDED_LOGO}


def _connector(
    public_id: str,
    name: str,
    connector_type: str,
    *,
    versions: tuple[str, ...],
    main: int | None,
    minute: int,
) -> JsonObject:
    created_at = _FIRST_CREATED_AT + timedelta(minutes=minute)
    description = f"Sandbox {connector_type} connector {name}."
    return {
        "id": public_id,
        "type": connector_type,
        "name": name,
        "description": description,
        "readme": None,
        "flow": "default",
        "main-version-number": main,
        "owner": SANDBOX_USER_ID,
        "integrator": SANDBOX_USER_ID,
        "versions": [
            _version(name, description, version, connector_type, created_at + timedelta(days=position))
            for position, version in enumerate(versions)
        ],
    }


def _version(name: str, description: str, version: str, connector_type: str, created_at: datetime) -> JsonObject:
    timestamp = created_at.isoformat(timespec="seconds")
    return {
        "name": name,
        "description": description,
        "readme": None,
        "version": version,
        "logo": None,
        "created-at": timestamp,
        "updated-at": timestamp,
        "deleted-at": None,
        "state": "updated",
        "config": _config(connector_type),
        "platform_dev_reference": _dev_reference(),
        "platform_prod_reference": _prod_reference(),
        "prod_config": None,
        "dev_config": None,
    }


def _config(connector_type: str) -> JsonObject:
    # NOTE: only the datasource and data-service parts follow documented examples. The shape of
    # the export part is undocumented, so export and export-delta reuse the datasource shape.
    type_part: dict[str, JsonObject | None] = {"export": None, "data-service": None, "datasource": None}
    if connector_type == "data-service":
        type_part["data-service"] = {
            "column-prefix": None,
            "service-type": None,
            "stages": [],
            "max-usage": None,
            "service-category": None,
            "datasource": None,
        }
    elif connector_type == "datasource":
        type_part["datasource"] = {"categories": []}
    else:
        type_part["export"] = {"categories": []}

    return {
        "update-progress": ["application-config", "vcs-config"],
        "secret-registrations": [],
        "authentication-registrations": [],
        "authentication-registrations-additional-fields": [],
        "application": {"command": "php", "arguments": "app.php product:import", "health-check": "--help"},
        "vcs": {
            "authorization": "basic",
            "url": "https://git.example.invalid/sandbox/connector.git",
            "branch": "main",
            "username": "git-user",
            "deploy-key-public": None,
            "latest-commit": None,
        },
        "docker": {"image-name": None, "image-tag": None, "registry-url": None},
        "individuals": [],
        "migration": None,
        "execution": {
            "execution-mode": "as-env-variables",
            "container-api-image": "registry.example.invalid/container-api-image:1.0.0",
            "docker-host": None,
            "container-api": {"image": None, "version-constraint": "^9.9.9"},
        },
        **type_part,
        "buckets": [],
        "feature-flags": [],
        "container-api-config": None,
    }


def _dev_reference() -> JsonObject:
    return {
        "account": None,
        "project": None,
        "executable": None,
        "platform-connector": 1,
        "site": 3,
        "site-processing-cluster": None,
        "assigned-to-site": 3,
        "assigned-to-channel": None,
        "assigned-to-channel-site": None,
        "assigned-to-channel-site-destination": None,
        "runtime": {"environment": "bin-docker-wrapper", "version": "16.22.84"},
    }


def _prod_reference() -> JsonObject:
    return {
        "executable": None,
        "platform-connector": 2,
        "target-accounts": [],
        "target-projects": [],
        "target-sites": [],
        "enabled-for-accounts": [],
        "enabled-for-projects": [],
        "enabled-for-sites": [],
        "assigned-to-sites": [],
        "released": False,
        "version": None,
        "runtime": {"environment": "bin-docker-wrapper", "version": "16.22.84"},
    }


def _mark_released(connector: JsonObject, version: str) -> None:
    for version_object in connector["versions"]:
        if version_object["version"] == version:
            version_object["state"] = "synchronized-to-prod"
            version_object["platform_prod_reference"]["released"] = True
