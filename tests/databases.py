"""Real databases for tests: a migrated SQLite file, and a PostgreSQL database made for the run.

PostgreSQL is never skipped: `make test` starts the server when it is down, and a test run
that cannot reach it fails with a sentence that says how to start it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from workflow.runtime.migrate import upgrade

PG_ADMIN_URL = os.environ.get("SEGUIMIENTO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
START_HINT = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def pg_url(name: str) -> str:
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


@contextmanager
def postgres_database(prefix: str = "seg") -> Iterator[str]:
    """A fresh, migrated PostgreSQL database, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        raise RuntimeError(
            f"PostgreSQL no responde en {PG_ADMIN_URL} ({exc}). Inícielo con: {START_HINT}"
        ) from exc
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = pg_url(name)
    try:
        upgrade(url)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextmanager
def sqlite_database(directory: Path) -> Iterator[str]:
    """A fresh, migrated SQLite file."""
    url = f"sqlite:///{directory / 'seguimiento.db'}"
    upgrade(url)
    yield url


@contextmanager
def demo_database(backend: str, directory: Path, prefix: str = "segdemo") -> Iterator[str]:
    """A migrated database (`sqlite` or `postgresql`) holding what `seguimiento demo` loads."""
    from zoneinfo import ZoneInfo

    from workflow import demo
    from workflow.runtime.db import make_engine, session_factory, unit_of_work

    database = sqlite_database(directory) if backend == "sqlite" else postgres_database(prefix)
    with database as url:
        engine = make_engine(url)
        with unit_of_work(session_factory(engine, write=True)) as session:
            demo.load(session=session, tz=ZoneInfo("America/Mexico_City"))
        engine.dispose()
        yield url
