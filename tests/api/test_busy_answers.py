"""A server at capacity answers 503 with `Retry-After`, never 500, and a writer does not queue
for SQLite's write lock while it is only authenticating.

Real SQLite files and the whole app over ASGI; the lock is held by a second connection, as
another process's writer would hold it (issue 8, item 8).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.context import AppContext
from tests.databases import sqlite_database
from tests.factories import Factory, Person
from tests.workflow.fresh import CLOCK
from workflow.runtime.db import session_factory, unit_of_work
from workflow.runtime.settings import Settings


@dataclass
class Server:
    client: TestClient
    context: AppContext
    path: Path
    secretariat: Person
    meeting_id: int

    def create(self, title: str) -> object:
        body = {"meeting": self.meeting_id, "title": title, "areas": ["UT"]}
        return self.client.post("/api/v1/agreements", json=body, headers=self.secretariat.headers)


@contextmanager
def server(tmp_path: Path, **settings: object) -> Iterator[Server]:
    with sqlite_database(tmp_path) as url:
        ctx = AppContext.from_settings(
            Settings(
                database_url=url,
                files_dir=tmp_path / "archivos",
                _env_file=None,  # type: ignore[call-arg]
                **settings,  # type: ignore[arg-type]
            )
        )
        with unit_of_work(session_factory(ctx.engine, write=True)) as session:
            make = Factory(session=session, clock=CLOCK)
            make.area("UT")
            secretariat = make.person("secretariat")
            meeting_id = make.meeting().id
        app = create_app(context=ctx)
        try:
            with TestClient(app, raise_server_exceptions=False) as client:
                yield Server(
                    client, ctx, Path(url.removeprefix("sqlite:///")), secretariat, meeting_id
                )
        finally:
            ctx.engine.dispose()


@contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another writer in the middle of its transaction."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def assert_busy(r: object) -> None:
    assert r.status_code == 503, r.text  # type: ignore[attr-defined]
    assert int(r.headers["Retry-After"]) > 0  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["code"] == "busy"
    assert "Intente de nuevo" in body["detail"]


def test_a_writer_is_authenticated_without_waiting_for_the_write_lock(tmp_path: Path) -> None:
    with server(tmp_path, db_busy_timeout=3) as s, write_lock_held(s.path):
        started = time.monotonic()
        r = s.client.post(
            "/api/v1/agreements",
            json={"meeting": s.meeting_id, "title": "Sin token válido", "areas": ["UT"]},
            headers={"Authorization": "Bearer sgt_no-existe"},
        )
        assert r.status_code == 401, r.text
        assert time.monotonic() - started < 2, "the token lookup waited for the write lock"


def test_a_writer_kept_waiting_past_the_busy_timeout_gets_503_and_nothing_is_saved(
    tmp_path: Path,
) -> None:
    with server(tmp_path, db_busy_timeout=0.3) as s:
        with write_lock_held(s.path):
            assert_busy(s.create("Mientras otro escribe"))
        listed = s.client.get("/api/v1/agreements", headers=s.secretariat.headers).json()
        assert [a["title"] for a in listed["items"]] == []
        assert s.create("Cuando el otro terminó").status_code == 201  # type: ignore[attr-defined]


def test_a_write_that_outwaits_the_busy_timeout_answers_503_with_retry_after(
    tmp_path: Path,
) -> None:
    meeting = {
        "organ": "X",
        "kind": "ordinaria",
        "number": 1,
        "year": 2024,
        "date": "2024-06-28",
        "modality": "virtual",
    }
    with server(tmp_path, db_busy_timeout=0.2) as s:
        with write_lock_held(s.path):
            answer = s.client.post("/api/v1/meetings", json=meeting, headers=s.secretariat.headers)
        assert answer.status_code == 503, answer.text
        assert answer.headers["Retry-After"] == "5"
        assert answer.json()["code"] == "busy"
        assert answer.json()["detail"].startswith("La base de datos está ocupada")
        assert s.client.get("/api/v1/meetings", headers=s.secretariat.headers).status_code == 200


def test_no_free_connection_in_the_pool_gets_503_and_healthz_still_answers(
    tmp_path: Path,
) -> None:
    with server(tmp_path, db_pool_size=1, db_max_overflow=0, db_pool_timeout=0.3) as s:
        with s.context.engine.connect():  # the pool's only connection, taken
            assert_busy(s.client.get("/api/v1/agreements", headers=s.secretariat.headers))
            assert s.client.get("/healthz").json()["status"] == "ok"
        assert s.client.get("/api/v1/agreements", headers=s.secretariat.headers).status_code == 200


def test_other_database_failures_stay_a_logged_500(tmp_path: Path) -> None:
    """Only "locked" means busy: a broken database is still a bug to look at, not a retry."""
    with server(tmp_path) as s:
        with unit_of_work(s.context.writers) as session:
            session.connection().exec_driver_sql("DROP TABLE agreements")
        r = s.client.get("/api/v1/agreements", headers=s.secretariat.headers)
        assert r.status_code == 500
        assert r.json()["code"] == "internal"
        assert "Retry-After" not in r.headers
