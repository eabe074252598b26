"""Insert rows, skipping those whose unique key already exists, and say which went in.

The outbox's deduplication (DESIGN.md: a second run inserts nothing) rests on this one
statement: `INSERT … ON CONFLICT DO NOTHING RETURNING`, on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session


def insert_new(
    *,
    session: Session,
    model: type[Any],
    rows: Sequence[dict[str, Any]],
    key: str,
    returning: InstrumentedAttribute[Any],
) -> list[Any]:
    """`returning` of each row that was new; rows whose `key` exists already are skipped.

    One statement is compiled once and sent with many parameter sets ("insertmanyvalues"):
    building a many-row VALUES clause per batch cost more than the database's own work, and
    could pass SQLite's limit of bound parameters. The statement is Core over the table, not
    the ORM's bulk INSERT: the ORM splices each sub-batch's RETURNING rows into the whole
    result again, which made 10^4 deliveries cost 10^6 row fetches.
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__
    stmt = (
        insert(table).on_conflict_do_nothing(index_elements=[key]).returning(table.c[returning.key])
    )
    return list(session.scalars(stmt, list(rows)))
