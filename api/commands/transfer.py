"""Import and export commands (issue: import and export)."""

import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `seguimiento` app."""
