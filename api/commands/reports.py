"""Report commands (issue: pages and reports)."""

import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `seguimiento` app."""
