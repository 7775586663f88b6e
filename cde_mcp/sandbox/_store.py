"""The sandbox's state: connectors, stored logos, pending faults and the request log."""

from __future__ import annotations

import copy
import threading
from datetime import UTC, datetime

from cde_mcp.sandbox._faults import FaultQueue
from cde_mcp.sandbox._request_log import RequestLog
from cde_mcp.sandbox._seed import JsonObject, seed_connectors, seed_logos
from cde_mcp.sandbox._versions import major_of

__all__ = ["SandboxStore", "logo_path"]


def logo_path(public_id: str, major: int) -> str:
    """Return the storage path of a logo, the same for every upload to that major version."""
    return f"/storage/connectors/{public_id}/{major}/logo.svg"


class SandboxStore:
    """All mutable state of one sandbox. Thread-safe.

    Connectors are kept in their JSON wire form. A version's ``logo`` is not stored in it but
    derived when a connector is read: the URL of the stored logo of its major version, or None.
    Callers receive deep copies and may change them freely.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.faults = FaultQueue()
        self.requests = RequestLog()
        self._connectors: dict[str, JsonObject] = {}
        self._logos: dict[tuple[str, int], bytes] = {}
        self._load_seed()

    def reset(self) -> None:
        """Restore the seeded connectors and logos, and drop pending faults and the request log."""
        self._load_seed()
        self.faults.clear()
        self.requests.clear()

    def connector(self, public_id: str, *, base_url: str) -> JsonObject | None:
        """Return the connector with ``public_id`` (lowercase), or None when there is none.

        ``base_url`` (no trailing slash) is the prefix of the logo URLs in the copy.
        """
        with self._lock:
            stored = self._connectors.get(public_id)
            return None if stored is None else self._render(stored, base_url)

    def connectors(self, *, base_url: str) -> list[JsonObject]:
        """Return every connector of every owner, in seed order."""
        with self._lock:
            return [self._render(stored, base_url) for stored in self._connectors.values()]

    def logo(self, public_id: str, major: int) -> bytes | None:
        """Return the stored logo of a connector's major version, or None when there is none."""
        with self._lock:
            return self._logos.get((public_id, major))

    def store_logo(self, public_id: str, version: str, payload: bytes, *, base_url: str) -> JsonObject:
        """Store ``payload`` as the logo of ``version``'s major and return the updated version object.

        The version's ``updated-at`` becomes the current time.

        Raises:
            KeyError: The connector or the version does not exist.
        """
        with self._lock:
            version_object = self._find_version(public_id, version)
            version_object["updated-at"] = datetime.now(UTC).isoformat(timespec="seconds")
            self._logos[(public_id, major_of(version))] = payload
            return self._render_version(public_id, version_object, base_url)

    def _load_seed(self) -> None:
        connectors = {connector["id"]: connector for connector in seed_connectors()}
        logos = seed_logos()
        with self._lock:
            self._connectors = connectors
            self._logos = logos

    def _find_version(self, public_id: str, version: str) -> JsonObject:
        version_object: JsonObject
        for version_object in self._connectors[public_id]["versions"]:
            if version_object["version"] == version:
                return version_object
        raise KeyError(f"connector {public_id} has no version {version}")

    def _render(self, stored: JsonObject, base_url: str) -> JsonObject:
        rendered = {key: copy.deepcopy(value) for key, value in stored.items() if key != "versions"}
        rendered["versions"] = [
            self._render_version(stored["id"], version_object, base_url) for version_object in stored["versions"]
        ]
        return rendered

    def _render_version(self, public_id: str, version_object: JsonObject, base_url: str) -> JsonObject:
        rendered = copy.deepcopy(version_object)
        major = major_of(version_object["version"])
        has_logo = (public_id, major) in self._logos
        rendered["logo"] = f"{base_url}{logo_path(public_id, major)}" if has_logo else None
        return rendered
