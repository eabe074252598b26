"""Numbered records (the ninth progress report of a convenio, the second issued follow-up report
of an organ in a year): the next number, kept unique by the database, never a 500.

Two people issuing at once both read the same last number; the table's unique key refuses the
second insert. Only its savepoint is rolled back, the last number is read again (a new
statement sees the other's commit) and the insert is tried with the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.engine.errors import Conflict
from workflow.runtime.duplicates import is_unique_violation

Row = TypeVar("Row")

ATTEMPTS = 8
"""Tries before giving up with a 409: more people than this issuing the same series at once."""


def insert_numbered(
    session: Session, *, last: Callable[[], int | None], row: Callable[[int], Row]
) -> Row:
    """Insert `row(n)` with `n` one past `last()`, retrying with a fresh `last()` while a
    concurrent insert takes the number first."""
    for _ in range(ATTEMPTS):
        record = row((last() or 0) + 1)
        try:
            with session.begin_nested():
                session.add(record)
            return record
        except IntegrityError as exc:
            if not is_unique_violation(exc):
                raise
    raise Conflict("Muchas personas emitieron a la vez; vuelva a intentarlo en unos segundos.")
