"""The parts of CDE API responses that cde-mcp reads.

The API sends much more, because a connector version carries its whole
``config``. These models keep only what tools report and ignore the rest. Every
field is optional, so a response that lacks a field still parses and the caller
can name the missing field.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cde_mcp.api.text import clean_text

__all__ = ["Connector", "ConnectorVersion", "major_of"]

_MAX_FIELD_CHARS = 2000
_MAJOR = re.compile(r"^\s*v?(\d+)")


class _ApiModel(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        # Names and URLs from the API end up in tool text and terminals, so control characters go.
        return clean_text(value, _MAX_FIELD_CHARS) if isinstance(value, str) else value


class ConnectorVersion(_ApiModel):
    """One version of a connector, as the upload response's ``data`` and each ``versions`` item carry it."""

    name: str | None = None
    version: str | None = None
    logo: str | None = None
    state: str | None = None
    updated_at: str | None = Field(default=None, alias="updated-at")
    created_at: str | None = Field(default=None, alias="created-at")

    @property
    def major(self) -> int | None:
        """The major number of ``version`` (``1`` for ``"1.0.1"``), or None when it has none."""
        return major_of(self.version)


class Connector(_ApiModel):
    """A connector with its versions, as ``GET /connectors`` and ``GET /connectors/{publicId}`` return it."""

    id: str | None = None
    name: str | None = None
    type: str | None = None
    main_version_number: int | str | None = Field(default=None, alias="main-version-number")
    versions: list[ConnectorVersion] = Field(default_factory=list)

    def resolve_version(self, connector_version: str) -> ConnectorVersion | None:
        """Find the version that ``connector_version`` (a major number, ``latest`` or ``main``) names.

        A major number picks the highest version with that major. ``latest``
        picks the highest version. ``main`` picks the highest version whose
        major is ``main-version-number``.
        """
        if connector_version == "latest":
            return max(self.versions, key=_version_key, default=None)

        if connector_version == "main":
            major = major_of(str(self.main_version_number)) if self.main_version_number is not None else None
        else:
            major = major_of(connector_version)

        candidates = [version for version in self.versions if major is not None and version.major == major]
        return max(candidates, key=_version_key, default=None)


def major_of(version: str | None) -> int | None:
    """Return the major number of a version string such as ``"1.0.1"``, or None."""
    if version is None:
        return None
    match = _MAJOR.match(version)
    return int(match.group(1)) if match else None


def _version_key(version: ConnectorVersion) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", version.version or "")
    return tuple(int(number) for number in numbers[:3])
