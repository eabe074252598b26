"""What the app holds for its lifetime: settings, the engine and the session factory."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from api.admission import Gate
from api.reports.slots import RenderSlots
from workflow.runtime.clock import Clock
from workflow.runtime.db import engine_for, session_factory
from workflow.runtime.settings import Settings


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    """For requests that only read."""
    writers: sessionmaker[Session]
    """For requests that change rows (on SQLite they queue for the write lock at their first
    statement, so a route's reads and writes see one snapshot)."""
    admission: Gate = field(init=False)
    """Requests using the database at once: as many as the pool has connections."""
    pdf_slots: RenderSlots = field(init=False)
    """The few PDFs laid out at once (`SEGUIMIENTO_PDF_RENDERS`)."""

    def __post_init__(self) -> None:
        s = self.settings
        self.admission = Gate(s.db_pool_size + s.db_max_overflow, s.db_pool_timeout)
        self.pdf_slots = RenderSlots(self.settings.pdf_renders, self.settings.pdf_wait_seconds)

    @classmethod
    def from_settings(cls, settings: Settings) -> AppContext:
        engine = engine_for(settings)
        return cls(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            writers=session_factory(engine, write=True),
        )

    def clock(self) -> Clock:
        return Clock(tz=self.settings.tz)
