"""Which scheduler runs: on PostgreSQL, the one holding an advisory lock on its own connection.

The lock lives as long as that connection, so when the leader dies (even by `kill -9`) the
server drops it and a waiting scheduler takes it at its next try. SQLite serves one machine
and one scheduler: its lock is always granted.
"""

from __future__ import annotations

import contextlib
import zlib

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from workflow.runtime.db import make_engine

LOCK_KEY = zlib.crc32(b"seguimiento.scheduler")
"""Advisory locks are per database, so one key serves every installation."""


class AdvisoryLock:
    """A session-level `pg_try_advisory_lock` on a dedicated connection (not from the pool)."""

    def __init__(self, url: str, key: int = LOCK_KEY) -> None:
        self._engine: Engine = make_engine(url, poolclass=NullPool)
        self._key = key
        self._conn: Connection | None = None

    def try_acquire(self) -> bool:
        try:
            if self._conn is None:
                self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = self._conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key})
        except DBAPIError:
            self._drop()
            return False
        return bool(got)

    def held(self) -> bool:
        """The connection still answers (so the server still holds our lock)."""
        if self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
        except DBAPIError:
            self._drop()
            return False
        return True

    def release(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(DBAPIError):
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
        self._drop()

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(DBAPIError):
                self._conn.close()
            self._conn = None

    def dispose(self) -> None:
        self._drop()
        self._engine.dispose()


class SoleLock:
    """SQLite: one machine, one scheduler."""

    def try_acquire(self) -> bool:
        return True

    def held(self) -> bool:
        return True

    def release(self) -> None:
        pass

    def dispose(self) -> None:
        pass


def lock_for(url: str) -> AdvisoryLock | SoleLock:
    return SoleLock() if url.startswith("sqlite") else AdvisoryLock(url)
