"""A real `serve` on SQLite under sixty writers at once, with readers alongside: every write is
applied and nobody gets a 500 (a writer queues for the lock only while its route writes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.databases import sqlite_database
from tests.e2e.processes import clean_env, serving
from tests.factories import Factory
from tests.workflow.fresh import CLOCK
from workflow.runtime.db import make_engine, session_factory, unit_of_work

pytestmark = pytest.mark.e2e

WRITERS_EACH = 20
"""Creates, events and progress updates: 20 of each, all at once, on different items."""


def migrated_with_items(directory: Path, count: int) -> tuple[str, dict[str, str], int, list[int]]:
    """A SQLite file with a secretariat person (its headers), a meeting and `count` agreements."""
    with sqlite_database(directory) as url:
        engine = make_engine(url)
        with unit_of_work(session_factory(engine, write=True)) as session:
            make = Factory(session=session, clock=CLOCK)
            area = make.area("UT")
            editor = make.person("secretariat").headers
            meeting = make.meeting()
            ids = [make.agreement([area], meeting).id for _ in range(count)]
        engine.dispose()
    return url, editor, meeting.id, ids


def test_sixty_concurrent_writers_and_readers_on_sqlite_all_succeed(tmp_path: Path) -> None:
    url, editor, meeting_id, existing = migrated_with_items(tmp_path, 2 * WRITERS_EACH)
    started, updated = existing[:WRITERS_EACH], existing[WRITERS_EACH:]
    env = clean_env(url, tmp_path)

    with serving(env, tmp_path) as served:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        with httpx.Client(base_url=str(served.base_url), timeout=45, limits=limits) as client:

            def create(n: int) -> httpx.Response:
                body = {"meeting": meeting_id, "title": f"Acuerdo nuevo {n}", "areas": ["UT"]}
                return client.post("/api/v1/agreements", json=body, headers=editor)

            writes: list[Callable[[], httpx.Response]] = []
            for n in range(WRITERS_EACH):
                writes.append(lambda n=n: create(n))
                writes.append(
                    lambda i=started[n]: client.post(
                        f"/api/v1/agreements/{i}/events", json={"event": "start"}, headers=editor
                    )
                )
                writes.append(
                    lambda i=updated[n]: client.post(
                        f"/api/v1/agreements/{i}/updates",
                        json={"note": "Avance bajo carga", "progress": 40},
                        headers=editor,
                    )
                )

            answers: list[httpx.Response] = []
            reads: list[int] = []
            failures: list[BaseException] = []
            gate = threading.Barrier(len(writes))
            writing = threading.Event()
            writing.set()

            def write(call: Callable[[], httpx.Response]) -> None:
                try:
                    gate.wait(timeout=30)
                    answers.append(call())
                except BaseException as exc:
                    failures.append(exc)

            def read(n: int) -> None:
                try:
                    while writing.is_set():
                        r = client.get(f"/api/v1/agreements/{existing[n]}", headers=editor)
                        reads.append(r.status_code)
                        r = client.get("/api/v1/agreements?limit=50", headers=editor)
                        reads.append(r.status_code)
                except BaseException as exc:
                    failures.append(exc)

            writers = [threading.Thread(target=write, args=(w,)) for w in writes]
            readers = [threading.Thread(target=read, args=(n,)) for n in range(10)]
            began = time.monotonic()
            for t in readers + writers:
                t.start()
            for t in writers:
                t.join(timeout=60)
            writing.clear()
            for t in readers:
                t.join(timeout=60)
            elapsed = time.monotonic() - began

            assert failures == []
            statuses = sorted(r.status_code for r in answers)
            assert len(answers) == 3 * WRITERS_EACH
            assert all(s in (200, 201) for s in statuses), [
                (r.status_code, r.request.url.path, r.text) for r in answers if r.status_code >= 300
            ]
            assert reads and set(reads) == {200}
            assert elapsed < 45, f"sixty writes took {elapsed:.1f} s"

            listed = client.get("/api/v1/agreements?limit=100", headers=editor).json()
            assert listed["total"] == 3 * WRITERS_EACH  # 40 before, 20 created
            assert len({a["key"] for a in listed["items"]}) == 3 * WRITERS_EACH
            states = {a["id"]: a for a in listed["items"]}
            assert {states[i]["state"] for i in started} == {"in_progress"}
            assert {states[i]["progress"] for i in updated} == {40}
