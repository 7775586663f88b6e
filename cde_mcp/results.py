"""Structured tool results: the models behind each tool's ``outputSchema``.

Results stay small on purpose: an assistant pays for every token it reads,
so they carry what a next step needs and never the API's ``config`` blobs.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cde_mcp.api.models import Connector, ConnectorVersion

__all__ = [
    "ConnectorList",
    "ConnectorSummary",
    "LogoProblemInfo",
    "LogoValidation",
    "UploadResult",
    "VersionSummary",
]


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class UploadResult(_Result):
    """The outcome of an upload, and whether reading the connector back confirmed it."""

    connector_name: str | None = Field(description="The connector version's name, as the API returned it.")
    public_id: str
    requested_version: str = Field(description="The connector_version argument: a major number, latest or main.")
    version: str | None = Field(description="The full version that received the logo, such as 1.0.1.")
    major: int | None = Field(description="The major number of that version.")
    state: str | None
    logo_url: str | None = Field(description="Where the API stores the logo.")
    updated_at: str | None
    bytes_sent: int
    sha256: str = Field(description="Hex SHA-256 of the bytes sent.")
    attempts: int = Field(description="HTTP attempts the upload took, retries included.")
    verified: bool | None = Field(
        description="True when a read-back found this logo URL on the version; None when verify=false."
    )
    verification: str = Field(description="How the upload was verified, or why it could not be.")
    missing_fields: list[str] = Field(
        default_factory=list, description="Fields the API's success response lacked; the upload still counts."
    )
    warnings: list[str] = Field(default_factory=list, description="Logo warnings and normalisations applied.")


class LogoProblemInfo(_Result):
    """One reason a logo is rejected."""

    location: str = Field(description="Element path such as svg/g[2]/a@href, or where parsing stopped.")
    kind: str = Field(description="What was found, such as script element or external entity.")
    message: str


class LogoValidation(_Result):
    """The verdict of the logo checks, run offline."""

    valid: bool
    source: str = Field(description="Where the logo came from: a path, logo_base64 or logo_svg.")
    bytes: int = Field(description="Size of the bytes that would be uploaded (after normalisation).")
    sha256: str
    width: str | None
    height: str | None
    view_box: str | None
    problems: list[LogoProblemInfo] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    normalizations: list[str] = Field(default_factory=list)


class VersionSummary(_Result):
    """One connector version, without its configuration."""

    version: str | None
    major: int | None
    state: str | None
    logo_url: str | None

    @classmethod
    def from_api(cls, version: ConnectorVersion) -> VersionSummary:
        """Summarise a version from the API."""
        return cls(version=version.version, major=version.major, state=version.state, logo_url=version.logo)


class ConnectorSummary(_Result):
    """One connector and its versions, without configuration or platform references."""

    id: str | None
    name: str | None
    type: str | None
    main_version_number: int | str | None
    versions: list[VersionSummary]

    @classmethod
    def from_api(cls, connector: Connector) -> ConnectorSummary:
        """Summarise a connector from the API."""
        return cls(
            id=connector.id,
            name=connector.name,
            type=connector.type,
            main_version_number=connector.main_version_number,
            versions=[VersionSummary.from_api(version) for version in connector.versions],
        )


class ConnectorList(_Result):
    """One page of the caller's connectors."""

    connectors: list[ConnectorSummary]
    offset: int
    limit: int
    has_more: bool = Field(description="True when the page is full, so another page may follow.")
    next_offset: int | None = Field(description="The offset to pass for the next page, or null.")
