"""Scheduled checks, dispatch, scheduler and calendar commands (issue: checks and notifications)."""

import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `seguimiento` app."""
