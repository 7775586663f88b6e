"""Resolution of the ``connectorVersion`` path parameter to one version of a connector.

The parameter is a major version as ASCII digits (``1`` selects the highest 1.x.y),
``latest`` (the highest version) or ``main`` (the connector's main version). Anything else,
such as ``1.0.5``, ``v1`` or ``main2``, selects nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["major_of", "resolve_version"]

# ASCII digits only: `\d` would also accept other scripts' digits. Nine digits keep int() cheap
# and are far beyond any real major version.
_MAJOR_PATTERN = re.compile(r"[0-9]{1,9}")


def resolve_version(
    versions: Sequence[dict[str, Any]],
    selector: str,
    main_version_number: int | None,
) -> dict[str, Any] | None:
    """Return the version object that ``selector`` names, or None when it names none.

    Args:
        versions: The connector's version objects, each with a semver ``version`` string.
        selector: The raw ``connectorVersion`` path parameter.
        main_version_number: The connector's ``main-version-number``, or None when it has none.
    """
    if selector == "latest":
        return max(versions, key=_semver_key, default=None)

    if selector == "main":
        # NOTE: the API documents `main-version-number` without a type. The sandbox stores an
        # integer major (or None) and resolves it like a numeric selector.
        if main_version_number is None:
            return None
        return _highest_in_major(versions, main_version_number)

    if _MAJOR_PATTERN.fullmatch(selector):
        return _highest_in_major(versions, int(selector))

    return None


def major_of(version: str) -> int:
    """Return the major number of a semver string such as ``"2.5.6"``."""
    return _semver_key_of(version)[0]


def _highest_in_major(versions: Sequence[dict[str, Any]], major: int) -> dict[str, Any] | None:
    candidates = [version for version in versions if major_of(version["version"]) == major]
    return max(candidates, key=_semver_key, default=None)


def _semver_key(version: dict[str, Any]) -> tuple[int, ...]:
    return _semver_key_of(version["version"])


def _semver_key_of(version: str) -> tuple[int, ...]:
    # Numeric comparison, so 10.0.0 sorts above 9.0.0 and 1.10.0 above 1.2.0.
    return tuple(int(part) for part in version.split("."))
