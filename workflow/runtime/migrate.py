"""Create or migrate the database to the newest schema (Alembic, from the installed package)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from workflow.runtime.db import make_engine, normalise_url

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


Step = Callable[[str, str], None]


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    """The revision the database is at; None for a database never migrated."""
    head: str


def state(url: str) -> SchemaState:
    """Where the database's schema is, and where the installed package would take it."""
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    return SchemaState(current=current, head=head or "")


def upgrade_to(url: str, revision: str) -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade_to(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)
