"""Automatic keys (`CPVOE/4SO/2024/03`, `CONV/2024/007`, `CONV/2024/007/A02`): numbered from a
counter per scope, so concurrent creates never pick the same key.

The counter is bumped with one `INSERT … ON CONFLICT (scope) DO UPDATE SET last = last + 1
RETURNING last`. On PostgreSQL the row it writes stays locked until the transaction ends, so a
second create in the same scope waits for the first to commit (READ COMMITTED then shows it the
committed keys); on SQLite every writer already holds the database's write lock. A counter is
started from the keys its scope already has, so a database migrated with data keeps numbering
after its last key. A key typed by hand moves the numbering past it; one that got in some other
way is skipped: neither is ever collided with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from workflow.models import Activity, Agreement, Convenio, KeyCounter, Meeting, Organ

MAX_DIGITS = 9
"""A number typed by hand with more digits is not one of the scope's numbers (keeps int4)."""

PROBE = 50
"""How many following keys one query looks at when the next one was taken by hand."""


@dataclass(frozen=True)
class Scope:
    """The keys `prefix` + number (zero-padded to `width`) of one table, numbered together."""

    table: str
    prefix: str
    width: int
    column: InstrumentedAttribute[str]
    floor: Select[Any] | None = None
    """A number the counter starts at least from (agreements: their meeting's highest `seq`)."""

    @property
    def name(self) -> str:
        return f"{self.table}:{self.prefix}"

    def key(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}"

    def number(self, key: str) -> int | None:
        """The number of a key of this scope (`…/07` → 7), or None for any other key."""
        if not key.startswith(self.prefix):
            return None
        digits = key[len(self.prefix) :]
        if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_DIGITS:
            return None
        return int(digits)


def agreements_of(meeting: Meeting) -> Scope:
    """`CPVOE/4SO/2024/03`: the acuerdos of one session."""
    return Scope(
        "agreements",
        f"{meeting.key}/",
        2,
        Agreement.key,
        floor=select(func.max(Agreement.seq)).where(Agreement.meeting_id == meeting.id),
    )


def convenios_of(year: int) -> Scope:
    """`CONV/2024/007`: the convenios registered in a year."""
    return Scope("convenios", f"CONV/{year}/", 3, Convenio.key)


def activities_of_convenio(convenio: Convenio) -> Scope:
    """`CONV/2024/007/A02`: the plan of a convenio."""
    return Scope("activities", f"{convenio.key}/A", 2, Activity.key)


def activities_of_organ(organ: Organ, year: int) -> Scope:
    """`CPVOE/PT/2024/05`: an organ's work programme of a year."""
    return Scope("activities", f"{organ.code}/PT/{year}/", 2, Activity.key)


def next_key(*, session: Session, scope: Scope) -> tuple[int, str]:
    """The scope's next free number and its key. Keys that got in without the counter (an
    import's convenios and activities) are skipped, not collided with."""
    number = _bump(session, scope, by=1)
    free: int | None = None
    start = number
    while free is None:
        candidates = range(start, start + PROBE)
        wanted = [scope.key(n) for n in candidates]
        taken = set(session.scalars(select(scope.column).where(scope.column.in_(wanted))))
        free = next((n for n in candidates if scope.key(n) not in taken), None)
        start += PROBE
    if free != number:
        session.execute(update(KeyCounter).where(KeyCounter.scope == scope.name).values(last=free))
    return free, scope.key(free)


def hold(*, session: Session, scope: Scope, key: str) -> int | None:
    """A key typed by hand: its number if it is one of the scope's keys. The counter moves up to
    it (numbering goes on after it) and stays locked, so a concurrent automatic create waits for
    this one instead of colliding with it."""
    number = scope.number(key)
    if number is not None:
        _bump(session, scope, by=0, at_least=number)
    return number


def agreement_seq(*, session: Session, meeting: Meeting, key: str) -> int:
    """The `seq` of an acuerdo whose key was given (by hand or in an import): the key's own
    number when it is `{meeting}/NN`, else the meeting's next number (the numbering moves on)."""
    scope = agreements_of(meeting)
    number = hold(session=session, scope=scope, key=key)
    if number is not None:
        return number
    return _bump(session, scope, by=1)


def _last(session: Session, scope: Scope) -> int | None:
    return session.scalar(select(KeyCounter.last).where(KeyCounter.scope == scope.name))


def _bump(session: Session, scope: Scope, *, by: int, at_least: int = 0) -> int:
    """Add `by` to the scope's counter and raise it to `at_least`, starting it from the scope's
    keys if it is new; the new value. Pending rows are not flushed: an import builds many."""
    with session.no_autoflush:
        start = 0
        if _last(session, scope) is None:
            start = max(_highest(session, scope) + by, at_least)
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        bumped: ColumnElement[int] = KeyCounter.last + by
        if at_least:
            bumped = case((bumped < at_least, at_least), else_=bumped)
        stmt = (
            insert(KeyCounter)
            .values(scope=scope.name, last=start)
            .on_conflict_do_update(index_elements=[KeyCounter.scope], set_={"last": bumped})
            .returning(KeyCounter.last)
        )
        last = session.scalar(stmt)
    assert last is not None
    return last


def _highest(session: Session, scope: Scope) -> int:
    """The highest number the scope's existing keys (and its floor) already use."""
    keys = session.scalars(
        select(scope.column).where(scope.column.startswith(scope.prefix, autoescape=True))
    )
    numbers = [n for n in (scope.number(k) for k in keys) if n is not None]
    floor = int(session.scalar(scope.floor) or 0) if scope.floor is not None else 0
    return max([0, floor, *numbers])
