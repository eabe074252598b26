"""The installed version, read once from the package metadata (pyproject.toml is its one source)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    """`0.1.0`, or `desconocida` when running from a tree that was never installed."""
    try:
        return version("seguimiento")
    except PackageNotFoundError:
        return "desconocida"
