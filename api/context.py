"""What the app holds for its lifetime: settings, the engine and the session factory."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from workflow.clock import Clock
from workflow.db import make_engine, session_factory
from workflow.settings import Settings


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    """For requests that only read."""
    writers: sessionmaker[Session]
    """For requests that change rows (on SQLite they queue for the write lock up front)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> AppContext:
        engine = make_engine(settings.database_url)
        return cls(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            writers=session_factory(engine, write=True),
        )

    def clock(self) -> Clock:
        return Clock(tz=self.settings.tz)
