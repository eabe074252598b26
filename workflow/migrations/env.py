"""Alembic environment: the URL comes from `workflow.runtime.migrate`, never from an ini file."""

from typing import Any

from alembic import context
from sqlalchemy import Connection

from workflow.models import Base
from workflow.runtime.db import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "workflow.runtime.migrate sets sqlalchemy.url"
connection = config.attributes.get("connection")


def _run(conn: Connection) -> None:
    # SQLite's batch migrations rebuild a table (copy, drop, rename): with foreign keys on,
    # dropping a table other rows point to fails. Alembic's advice: off for the run (it cannot
    # change inside a transaction), then check every reference before turning them on again.
    sqlite = conn.dialect.name == "sqlite" and not conn.in_transaction()
    raw: Any = conn.connection.dbapi_connection  # outside SQLAlchemy's transaction
    if sqlite:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=conn,
            target_metadata=Base.metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            # Checked before the commit: a migration that broke a reference changes nothing.
            broken = raw.execute("PRAGMA foreign_key_check").fetchall() if sqlite else []
            if broken:
                raise RuntimeError(f"La migración dejó referencias rotas: {broken[:5]}")
    finally:
        if sqlite:
            raw.execute("PRAGMA foreign_keys=ON")


if connection is not None:
    _run(connection)
else:
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
