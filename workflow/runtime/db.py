"""Engines and sessions: SQLite in WAL mode with a busy timeout, PostgreSQL through psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from workflow.runtime.settings import Settings


def normalise_url(url: str) -> str:
    """Let people write `postgresql://…`; we drive it with psycopg 3."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(
    url: str,
    *,
    pool_size: int = 5,
    max_overflow: int = 10,
    pool_timeout: float = 30,
    busy_timeout: float = 30,
    **kwargs: Any,
) -> Engine:
    """An engine whose pool holds `pool_size` (+ `max_overflow` under load) connections; a
    checkout that waits longer than `pool_timeout` raises `sqlalchemy.exc.TimeoutError`, and on
    SQLite a writer that waits `busy_timeout` for the lock fails with "database is locked"."""
    url = normalise_url(url)
    if "poolclass" not in kwargs and not _in_memory(url):
        kwargs.update(pool_size=pool_size, max_overflow=max_overflow, pool_timeout=pool_timeout)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": busy_timeout, "check_same_thread": False}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def engine_for(settings: Settings, **kwargs: Any) -> Engine:
    """The engine of a long-running process, its pool sized by `SEGUIMIENTO_DB_*`."""
    return make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        busy_timeout=settings.db_busy_timeout,
        **kwargs,
    )


def _in_memory(url: str) -> bool:
    """An in-memory SQLite database lives in one connection: it has no pool to size."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and (
        parsed.database in (None, "", ":memory:") or parsed.query.get("mode") == "memory"
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # We emit BEGIN ourselves (below): pysqlite's own transaction handling breaks SAVEPOINT.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """Writers take SQLite's write lock at their first statement, so two writers queue (busy
    timeout) instead of one failing half-way: a deferred transaction that read, then writes after
    another writer committed, gets SQLITE_BUSY_SNAPSHOT. Readers begin deferred and never block.

    A request's first statement is its route's: the token is looked up in a read session of its
    own (`api.deps.current_actor`), so no writer holds the lock while it authenticates."""
    immediate = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WRITE_OPTION = "seguimiento_writer"


def session_factory(engine: Engine | Connection, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions for reading, or (`write=True`) for a unit of work that will change rows."""
    if isinstance(engine, Connection):  # a test's transaction: each unit of work is a savepoint
        return sessionmaker(
            bind=engine, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One job's or command's session: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
