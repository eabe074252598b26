"""A write that waits longer than the database allows is a 503 with `Retry-After`, not a 500
(issue 8, item 8): on SQLite, another connection holds the write lock past the busy timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.app import create_app
from api.context import AppContext
from tests.databases import sqlite_database
from tests.factories import Factory, Person
from workflow.clock import Clock
from workflow.db import make_engine, session_factory, unit_of_work
from workflow.settings import Settings


def _short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA busy_timeout=200")  # after make_engine's 30 s one


@pytest.fixture
def busy_app(tmp_path: Path) -> Iterator[tuple[TestClient, Person, str]]:
    with sqlite_database(tmp_path) as url:
        settings = Settings(database_url=url, files_dir=tmp_path / "archivos", _env_file=None)  # type: ignore[call-arg]
        engine = make_engine(url)
        event.listen(engine, "connect", _short_busy_timeout)
        writers = session_factory(engine, write=True)
        with unit_of_work(writers) as session:
            make = Factory(session=session, clock=Clock.on(date(2024, 5, 24), settings.tz))
            person = make.person("secretariat")
        ctx = AppContext(
            settings=settings, engine=engine, sessions=session_factory(engine), writers=writers
        )
        with TestClient(create_app(context=ctx), base_url="http://seguimiento.test") as client:
            yield client, person, str(tmp_path / "seguimiento.db")
        engine.dispose()


def test_a_write_that_outwaits_the_busy_timeout_answers_503_with_retry_after(
    busy_app: tuple[TestClient, Person, str],
) -> None:
    api, person, path = busy_app
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        answer = api.post(
            "/api/v1/meetings",
            json={
                "organ": "X",
                "kind": "ordinaria",
                "number": 1,
                "year": 2024,
                "date": "2024-06-28",
                "modality": "virtual",
            },
            headers=person.headers,
        )
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert answer.status_code == 503, answer.text
    assert answer.headers["Retry-After"] == "5"
    assert answer.json()["code"] == "busy"
    assert answer.json()["detail"].startswith("La base de datos está ocupada")
    assert api.get("/api/v1/meetings", headers=person.headers).status_code == 200
