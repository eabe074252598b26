"""A real `serve` with the demo data: forty members ask for a session's PDF report at once,
through the API and through the page. Every one gets its PDF, and `/healthz` keeps answering
within a second the whole time (layout runs in a few worker threads, holding no connection)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.api.signin import csrf_of
from tests.databases import demo_database
from tests.e2e.processes import clean_env, serving

pytestmark = pytest.mark.e2e

MEMBER = "integrante@demo.seguimiento.mx"
DEMO_PASSWORD = "demo1234"
REQUESTS = 40


def signed_in(client: httpx.Client) -> None:
    """The member signs in to the pages as a browser does (the client keeps the cookie)."""
    form = {
        "email": MEMBER,
        "password": DEMO_PASSWORD,
        "csrf_token": csrf_of(client.get("/login").text),
    }
    r = client.post("/login", data=form)
    assert r.status_code == 303, r.text


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_forty_concurrent_pdf_reports_for_members_arrive_and_healthz_stays_fast(
    tmp_path: Path, backend: str
) -> None:
    with demo_database(backend, tmp_path) as url, serving(clean_env(url, tmp_path), tmp_path) as s:
        base = str(s.base_url)
        limits = httpx.Limits(max_connections=REQUESTS + 10, max_keepalive_connections=REQUESTS)
        with (
            httpx.Client(base_url=base, timeout=80, limits=limits) as api,
            httpx.Client(base_url=base, timeout=80, limits=limits) as pages,
            httpx.Client(base_url=base, timeout=5) as probe,
        ):
            form = {"username": MEMBER, "password": DEMO_PASSWORD}
            token = api.post("/api/v1/auth/token", data=form).json()["access_token"]
            api.headers["Authorization"] = f"Bearer {token}"
            signed_in(pages)
            meetings = [m["id"] for m in api.get("/api/v1/meetings").json()]
            assert len(meetings) == 3

            calls: list[Callable[[], httpx.Response]] = []
            for n in range(REQUESTS):
                meeting = meetings[n % len(meetings)]
                if n % 2:
                    calls.append(
                        lambda m=meeting: api.get(f"/api/v1/meetings/{m}/report?format=pdf")
                    )
                else:
                    calls.append(lambda m=meeting: pages.get(f"/sesiones/{m}/seguimiento.pdf"))

            answers: list[httpx.Response] = []
            failures: list[BaseException] = []
            health: list[float] = []
            gate = threading.Barrier(REQUESTS)
            busy = threading.Event()
            busy.set()

            def ask(call: Callable[[], httpx.Response]) -> None:
                try:
                    gate.wait(timeout=30)
                    answers.append(call())
                except BaseException as exc:
                    failures.append(exc)

            def watch() -> None:
                try:
                    while busy.is_set():
                        began = time.monotonic()
                        assert probe.get("/healthz").status_code == 200
                        health.append(time.monotonic() - began)
                        time.sleep(0.2)
                except BaseException as exc:
                    failures.append(exc)

            askers = [threading.Thread(target=ask, args=(c,)) for c in calls]
            watcher = threading.Thread(target=watch)
            began = time.monotonic()
            for t in askers:
                t.start()
            watcher.start()
            for t in askers:
                t.join(timeout=90)
            busy.clear()
            watcher.join(timeout=10)
            elapsed = time.monotonic() - began

            assert failures == []
            assert len(answers) == REQUESTS
            wrong = [
                (r.status_code, r.url.path, r.text[:200]) for r in answers if r.status_code != 200
            ]
            assert wrong == []
            assert all(r.headers["content-type"] == "application/pdf" for r in answers)
            assert all(r.content.startswith(b"%PDF-") for r in answers)
            assert len(health) >= 3, "the watcher did not run alongside the reports"
            assert max(health) < 1.0, f"/healthz took {max(health):.2f} s under load"
            assert elapsed < 80
