"""Constants and builders shared by tests; fixtures live in conftest.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cde_mcp.config import Settings, load_settings

#: The sandbox's bearer token in tests. Tests assert it never shows up in any output.
CANARY_TOKEN = "canary-7f3a9b1c5d-never-print-me"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
EXAMPLE_LOGO = PROJECT_ROOT / "examples" / "logo.svg"


def make_settings(base_url: str, **overrides: Any) -> Settings:
    """Settings aimed at ``base_url`` with the canary token and short timeouts."""
    values: dict[str, Any] = {
        "api_base_url": base_url,
        "api_token": CANARY_TOKEN,
        "api_timeout": 5.0,
        "api_deadline": 20.0,
    }
    values.update(overrides)
    return load_settings(**values)
