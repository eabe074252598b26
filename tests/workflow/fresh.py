"""A database of the test module's own, for tests that commit or open several connections.

The shared `db_url` database is used inside rolled-back transactions; tests that need real
commits, real rollbacks or two connections at once get a fresh database instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.databases import postgres_database, sqlite_database
from tests.factories import Factory
from workflow.models import Agreement, DomainEvent, Transition
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work

TZ = ZoneInfo("America/Mexico_City")
CLOCK = Clock.on(date(2024, 5, 24), TZ)


@dataclass
class FreshDatabase:
    url: str
    engine: Engine
    writers: sessionmaker[Session]
    readers: sessionmaker[Session]

    @contextmanager
    def setup(self) -> Iterator[Factory]:
        """A unit of work with a factory, committed at the end of the `with` block."""
        with unit_of_work(self.writers) as session:
            yield Factory(session=session, clock=CLOCK)

    def agreement_row(self, agreement_id: int) -> tuple[str, int, int]:
        """Committed state, version and deadline of an agreement, seen by a new connection."""
        with self.readers() as s:
            row = s.execute(
                select(Agreement.state, Agreement.version, Agreement.progress).where(
                    Agreement.id == agreement_id
                )
            ).one()
            return row[0], row[1], row[2]

    def history(self, kind: str, item_id: int) -> tuple[list[str], list[str]]:
        """Committed transitions (events) and domain events (names) of one item."""
        with self.readers() as s:
            transitions = s.scalars(
                select(Transition.event)
                .where(Transition.item_kind == kind, Transition.item_id == item_id)
                .order_by(Transition.id)
            ).all()
            events = s.scalars(
                select(DomainEvent.name)
                .where(DomainEvent.item_kind == kind, DomainEvent.item_id == item_id)
                .order_by(DomainEvent.id)
            ).all()
            return list(transitions), list(events)

    def count_all(self) -> tuple[int, int]:
        with self.readers() as s:
            return (
                s.scalar(select(func.count()).select_from(Transition)) or 0,
                s.scalar(select(func.count()).select_from(DomainEvent)) or 0,
            )


def open_fresh(backend: str, tmp: Path) -> Iterator[FreshDatabase]:
    database = (
        sqlite_database(tmp) if backend == "sqlite" else postgres_database(prefix="seg_fresh")
    )
    with database as url:
        engine = make_engine(url)
        try:
            yield FreshDatabase(
                url=url,
                engine=engine,
                writers=session_factory(engine, write=True),
                readers=session_factory(engine),
            )
        finally:
            engine.dispose()
