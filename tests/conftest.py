"""Fixtures: the same tests on SQLite and PostgreSQL, each inside a transaction rolled back.

`db_url` is migrated once per backend per run; `session` wraps one test in a transaction whose
units of work are savepoints; `api` is an httpx client on the app bound to that transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from api.app import create_app
from api.context import AppContext
from tests.databases import postgres_database, sqlite_database
from tests.factories import Factory
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory
from workflow.runtime.settings import Settings

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        with sqlite_database(tmp_path_factory.mktemp("sqlite")) as url:
            yield url
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            yield conn
        finally:
            outer.rollback()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    s = session_factory(connection)()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url,
        files_dir=tmp_path / "archivos",
        base_url="http://seguimiento.test",
        # e-mail is on only with a server; the tests that send use a real one (tests/mailserver)
        smtp_host="localhost",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def clock(settings: Settings) -> Clock:
    return Clock.on(date(2024, 5, 24), settings.tz)


@pytest.fixture
def make(session: Session, clock: Clock) -> Factory:
    return Factory(session=session, clock=clock)


@pytest.fixture
def app_context(settings: Settings, engine: Engine, connection: Connection) -> AppContext:
    factory = session_factory(connection)
    return AppContext(settings=settings, engine=engine, sessions=factory, writers=factory)


@pytest.fixture
def api(app_context: AppContext) -> Iterator[TestClient]:
    """The whole app over ASGI, bound to the test's transaction."""
    with TestClient(create_app(context=app_context), base_url="http://seguimiento.test") as client:
        yield client
