"""Whether the database can serve requests: it answers, and its schema is at the newest migration.

`/readyz` asks this so a load balancer sends no traffic to a process whose database is down,
dropped, or not yet migrated (`seguimiento init`), instead of letting those requests fail.
"""

from __future__ import annotations

from functools import cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from workflow.runtime.migrate import alembic_config


@cache
def newest_revisions() -> frozenset[str]:
    """The heads of the migrations shipped with this version."""
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def database_problem(engine: Engine) -> str | None:
    """A sentence for a person saying why the database cannot serve, or None when it can."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError:
        return "La base de datos no responde."
    if not current:
        return "La base de datos no tiene el esquema; ejecute «seguimiento init»."
    if current != newest_revisions():
        return (
            "El esquema de la base de datos no está en la versión más reciente; "
            "ejecute «seguimiento init»."
        )
    return None
