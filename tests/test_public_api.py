"""Each module's ``__all__`` names objects that exist, so the public API and the code stay in step."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import cde_mcp

MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(cde_mcp.__path__, prefix="cde_mcp.")
    if not module.name.rsplit(".", 1)[-1].startswith("_")
)


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)

    for public in getattr(module, "__all__", []):
        assert hasattr(module, public), f"{name}.__all__ names {public}, which does not exist"


def test_public_modules_found() -> None:
    assert "cde_mcp.operations" in MODULES
    assert "cde_mcp.logo.checks" in MODULES
    assert "cde_mcp.sandbox" in MODULES
