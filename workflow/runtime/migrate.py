"""Create or migrate the database to the newest schema (Alembic, from the installed package)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from workflow.runtime.db import normalise_url

MIGRATIONS = Path(__file__).parents[1] / "migrations"


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, connection: Connection | None = None) -> None:
    """Bring the database at `url` to the newest schema; harmless when it is already there."""
    command.upgrade(alembic_config(url, connection), "head")
