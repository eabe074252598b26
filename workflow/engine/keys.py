"""Automatic keys (`CPVOE/4SO/2024/03`, `CONV/2024/007`, `CONV/2024/007/A02`): numbered from a
counter per scope, so concurrent creates never pick the same key.

The counter is bumped with one `UPDATE … SET last = last + 1 RETURNING last`, or started with
`INSERT … ON CONFLICT (scope) DO UPDATE SET last = last + 1 RETURNING last`. On PostgreSQL the
row it writes stays locked until the transaction ends, so a second create in the same scope
waits for the first to commit (READ COMMITTED then shows it the committed keys); on SQLite
every writer already holds the database's write lock. A counter is started from the keys its
scope already has, so a database migrated with data keeps numbering after its last key. A key
typed by hand (or imported) is skipped when the numbering gets to it, never collided with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Integer, Table, bindparam, case, func, select, update
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
    floor: Callable[[Session], int | None] | None = None
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

    def highest_seq(session: Session) -> int | None:
        return session.scalar(
            select(func.max(Agreement.seq)).where(Agreement.meeting_id == meeting.id)
        )

    return Scope("agreements", f"{meeting.key}/", 2, Agreement.key, floor=highest_seq)


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
    """The scope's next free number and its key: keys typed by hand or imported are skipped."""
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
        _bump(session, scope, by=0, at_least=free)
    return free, scope.key(free)


def hold(*, session: Session, scope: Scope, key: str) -> int | None:
    """A key typed by hand: its number if it is one of the scope's keys, with the scope's counter
    locked, so a concurrent automatic create waits for this one instead of colliding with it.
    The counter stays where it is: the numbering skips this key when it gets there."""
    number = scope.number(key)
    if number is not None:
        _bump(session, scope, by=0)
    return number


def agreement_seq(*, session: Session, meeting: Meeting, key: str) -> int:
    """The `seq` of an acuerdo whose key was given (by hand or in an import): the key's own
    number when it is `{meeting}/NN`, else the meeting's next number (the numbering moves on)."""
    scope = agreements_of(meeting)
    number = hold(session=session, scope=scope, key=key)
    if number is not None:
        return number
    return _bump(session, scope, by=1)


COUNTERS = cast(Table, KeyCounter.__table__)
_BY = bindparam("by", type_=Integer)
_AT_LEAST = bindparam("at_least", type_=Integer)
_NEW_LAST = case((COUNTERS.c.last + _BY < _AT_LEAST, _AT_LEAST), else_=COUNTERS.c.last + _BY)
_BUMP = (
    update(COUNTERS)
    .where(COUNTERS.c.scope == bindparam("name"))
    .values(last=_NEW_LAST)
    .returning(COUNTERS.c.last)
)
"""Statements built once: an import asks for a number on every row."""
_START = {
    name: dialect.insert(COUNTERS)
    .values(scope=bindparam("name"), last=bindparam("start", type_=Integer))
    .on_conflict_do_update(index_elements=[COUNTERS.c.scope], set_={"last": _NEW_LAST})
    .returning(COUNTERS.c.last)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
"""The first number of a scope; if a concurrent transaction started it first, a bump."""


def _bump(session: Session, scope: Scope, *, by: int, at_least: int = 0) -> int:
    """Add `by` to the scope's counter and raise it to `at_least`, starting it from the scope's
    keys if it is new; the new value. Pending rows are not flushed: an import builds many."""
    params = {"name": scope.name, "by": by, "at_least": at_least}
    with session.no_autoflush:
        last = session.scalar(_BUMP, params)
        if last is None:
            start = max(_highest(session, scope) + by, at_least)
            dialect = session.get_bind().dialect.name
            last = session.scalar(_START[dialect], {**params, "start": start})
    assert last is not None
    return int(last)


def _highest(session: Session, scope: Scope) -> int:
    """The highest number the scope's existing keys (and its floor) already use."""
    keys = session.scalars(
        select(scope.column).where(scope.column.startswith(scope.prefix, autoescape=True))
    )
    numbers = [n for n in (scope.number(k) for k in keys) if n is not None]
    floor = (scope.floor(session) or 0) if scope.floor is not None else 0
    return max([0, floor, *numbers])
