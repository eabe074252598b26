"""Two `seguimiento dispatch` processes against an SMTP server slower than their lease: the
first renews the lease of what it claimed before every send and while a send lasts, so the
second, coming when those leases would have run out, takes over nothing, and every message
arrives exactly once. SQLite and PostgreSQL. And `dispatch --retry-failed` for operators."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.databases import postgres_database, sqlite_database
from tests.e2e.running import Running, environment, free_port, run, wait_for
from tests.factories import Factory
from tests.mailserver import smtp_server
from tests.notifications.faulty_mail import faulty_smtp_server
from workflow import checks
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.settings import Settings

pytestmark = pytest.mark.e2e

LEASE = 1.5
SLOWER = 2.0
"""Seconds the server takes over each message: longer than the lease."""


@contextmanager
def database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        with sqlite_database(tmp_path) as url:
            yield url
    else:
        with postgres_database("lease") as url:
            yield url


def overdue_alerts(url: str, people: int) -> None:
    engine = make_engine(url)
    factory = session_factory(engine, write=True)
    try:
        settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
        with unit_of_work(factory) as s:
            make = Factory(session=s, clock=Clock.on(date(2024, 6, 1), settings.tz))
            area = make.area()
            for _ in range(people):
                make.person("area", area)
            make.agreement([area], deadline=date(2024, 6, 7))
        with unit_of_work(factory) as s:
            checks.run(session=s, clock=Clock.on(date(2024, 6, 10), settings.tz), settings=settings)
    finally:
        engine.dispose()


def test_dispatch_retry_failed_puts_every_failed_message_back_and_sends_it(
    tmp_path: Path,
) -> None:
    with sqlite_database(tmp_path) as url:
        overdue_alerts(url, people=2)
        port = free_port()
        env = environment(
            url,
            smtp_host="127.0.0.1",
            smtp_port=port,
            dispatch_max_attempts=1,
            dispatch_requeue_limit=0,
        )
        down = run(env, tmp_path, "dispatch")
        assert "Enviados: 0; por reintentar: 0; fallidos: 4." in down, down
        with smtp_server(port=port) as box:
            assert "Enviados: 0;" in run(env, tmp_path, "dispatch"), "nothing retried by itself"
            back = run(env, tmp_path, "dispatch", "--retry-failed")
    assert "Envíos fallidos puestos de nuevo en cola: 4." in back, back
    assert "Enviados: 4; por reintentar: 0; fallidos: 0." in back, back
    assert len(box.delivery_ids()) == len(set(box.delivery_ids())) == 4


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_dispatchers_with_a_server_slower_than_the_lease_send_each_message_once(
    backend: str, tmp_path: Path
) -> None:
    with database(backend, tmp_path) as url:
        overdue_alerts(url, people=3)
        with faulty_smtp_server(delay=SLOWER) as box:
            env = environment(
                url,
                smtp_host="127.0.0.1",
                smtp_port=box.port,
                smtp_timeout=10,
                dispatch_lease_seconds=LEASE,
            )
            # the first takes every row at once and works through them slowly; the second
            # comes when, without renewed leases, they would all be due again
            first = Running(env, tmp_path, "dispatch")
            second: Running | None = None
            try:
                wait_for(box.sending.is_set, "el primer despachador empieza a enviar", 60)
                time.sleep(LEASE * 1.5)
                second = Running(env, tmp_path, "dispatch")
                for proc in (first, second):
                    wait_for(lambda p=proc: p.proc.poll() is not None, "despacho", 90)  # type: ignore[misc]
            finally:
                first.kill()
                if second is not None:
                    second.kill()
        assert second is not None
        assert first.proc.returncode == 0 and second.proc.returncode == 0, (
            first.lines + second.lines
        )
        engine = make_engine(url)
        try:
            with unit_of_work(session_factory(engine)) as s:
                mail = list(s.scalars(select(Delivery).where(Delivery.channel == "email")))
        finally:
            engine.dispose()
    sent = Counter(box.delivery_ids())
    assert len(mail) >= 4
    assert set(sent) == {r.id for r in mail}, "nothing lost"
    assert max(sent.values()) == 1, f"sent twice: {sent.most_common(3)}"
    assert {(r.status, r.attempts) for r in mail} == {("sent", 1)}
    assert any("Enviados: 0;" in line for line in second.lines), second.lines
