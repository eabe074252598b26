"""Unique constraints as the last word on duplicates: a violation becomes a `Conflict` (409).

Services look for a duplicate before inserting, which names what exists; two requests can
still both look before either inserts. Then the database refuses the second insert, and this
turns that refusal into the same `Conflict` instead of a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.engine.errors import Conflict

UNIQUE_SQLSTATE = "23505"
SQLITE_UNIQUE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


def is_unique_violation(exc: IntegrityError) -> bool:
    """A unique or primary key constraint refused the row (not a foreign key, check or null)."""
    orig = exc.orig
    if getattr(orig, "sqlstate", None) == UNIQUE_SQLSTATE:  # psycopg
        return True
    if getattr(orig, "sqlite_errorname", None) in SQLITE_UNIQUE:
        return True
    return "UNIQUE constraint failed" in str(orig)


@contextmanager
def refused_as(session: Session, conflict: Callable[[], Conflict]) -> Iterator[None]:
    """Insert inside a savepoint: if a unique constraint refuses it, only the savepoint is rolled
    back and `conflict()` (called afterwards, so it may look up what exists) is raised."""
    try:
        with session.begin_nested():
            yield
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise conflict() from None
