"""Two `seguimiento dispatch --worker` processes against one PostgreSQL and a real SMTP server:
every message arrives once, both workers send, and SIGTERM leaves no row leased to a process
that is gone (the rest of a batch is given back, due at once, its attempt not counted)."""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.dispatch import queue_mail
from tests.databases import postgres_database
from tests.e2e.running import Running, environment, wait_for
from tests.e2e.test_dispatch_processes import overdue_alerts
from tests.mailserver import smtp_server
from workflow.models import Delivery
from workflow.runtime.db import make_engine, session_factory, unit_of_work

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

MESSAGES = 400


def rows(url: str) -> list[Delivery]:
    engine = make_engine(url)
    try:
        with unit_of_work(session_factory(engine)) as s:
            found = list(s.scalars(select(Delivery).order_by(Delivery.id)))
            s.expunge_all()
            return found
    finally:
        engine.dispose()


def sent_by(worker: Running) -> int:
    """What a worker says it sent, from its goodbye line."""
    line = next(x for x in worker.lines if x.startswith("Despachador detenido."))
    return int(line.split("Enviados: ")[1].split(";")[0])


def stop(worker: Running) -> None:
    worker.proc.send_signal(signal.SIGTERM)
    worker.proc.wait(timeout=60)
    worker.stop()


def test_two_workers_deliver_every_message_once_and_both_send(tmp_path: Path) -> None:
    with postgres_database("workers") as url, smtp_server() as box:
        env = environment(
            url,
            smtp_host="127.0.0.1",
            smtp_port=box.port,
            dispatch_batch=10,
            dispatch_concurrency=2,
            dispatch_poll_seconds=0.1,
        )
        workers = [Running(env, tmp_path, "dispatch", "--worker") for _ in range(2)]
        try:
            for w in workers:
                wait_for(lambda w=w: w.said("Despachador en marcha"), "el despachador arranca", 60)  # type: ignore[misc]
            queue_mail(url, MESSAGES)
            wait_for(lambda: len(box.delivery_ids()) >= MESSAGES, "todo entregado", 120)
            wait_for(lambda: all(r.status == "sent" for r in rows(url)), "todo marcado enviado", 30)
            for w in workers:
                stop(w)
        finally:
            for w in workers:
                w.kill()
        delivered = Counter(box.delivery_ids())
        final = rows(url)
    # one connection per batch of 10, not one per message
    assert box.greetings <= MESSAGES // 10 + 4, box.greetings
    assert all(w.proc.returncode == 0 for w in workers), [w.lines for w in workers]
    assert len(delivered) == MESSAGES and max(delivered.values()) == 1, delivered.most_common(3)
    assert {(r.status, r.attempts, r.claim_token) for r in final} == {("sent", 1, None)}
    counts = [sent_by(w) for w in workers]
    assert sum(counts) == MESSAGES and min(counts) > 0, counts


def test_sigterm_mid_batch_gives_the_rest_back_and_another_worker_sends_it(
    tmp_path: Path,
) -> None:
    with postgres_database("workers") as url, smtp_server() as box:
        box.hold_after = 3  # the fourth message waits: the worker is caught mid-batch
        env = environment(
            url,
            smtp_host="127.0.0.1",
            smtp_port=box.port,
            dispatch_batch=50,
            dispatch_concurrency=1,
            dispatch_poll_seconds=0.1,
        )
        queue_mail(url, 50)
        first = Running(env, tmp_path, "dispatch", "--worker")
        try:
            wait_for(box.held.is_set, "el despachador está a media entrega", 60)
            first.proc.send_signal(signal.SIGTERM)
            box.release.set()
            first.proc.wait(timeout=60)
            first.stop()
            after_stop = rows(url)
            second = Running(env, tmp_path, "dispatch", "--worker")
            try:
                wait_for(lambda: len(box.delivery_ids()) >= 50, "el segundo entrega el resto", 60)
                wait_for(lambda: all(r.status == "sent" for r in rows(url)), "marcado", 30)
                stop(second)
            finally:
                second.kill()
        finally:
            first.kill()
        delivered = Counter(box.delivery_ids())
    assert first.proc.returncode == 0, first.lines
    assert not [r.id for r in after_stop if r.claim_token is not None], "no row stays leased"
    pending = [r for r in after_stop if r.status == "pending"]
    assert pending and all(r.attempts == 0 for r in pending), "given back, attempt not counted"
    goodbye = next(x for x in first.lines if x.startswith("Despachador detenido."))
    assert f"devueltos a la cola: {len(pending)}." in goodbye, goodbye
    assert sum(r.status == "sent" for r in after_stop) == 50 - len(pending) >= 4
    assert len(delivered) == 50 and max(delivered.values()) == 1, delivered.most_common(3)


def test_a_scheduler_beside_workers_only_queues_and_the_workers_deliver(tmp_path: Path) -> None:
    with postgres_database("workers") as url, smtp_server() as box:
        overdue_alerts(url, people=2)
        env = environment(
            url,
            smtp_host="127.0.0.1",
            smtp_port=box.port,
            dispatch_in_scheduler="false",
            dispatch_poll_seconds=0.1,
        )
        scheduler = Running(env, tmp_path, "scheduler")
        try:
            wait_for(lambda: scheduler.said("avisos nuevos en cola"), "el programador encola", 60)
            queued = [r for r in rows(url) if r.channel == "email"]
            assert queued and {r.status for r in queued} == {"pending"}
            assert box.delivery_ids() == [], "the scheduler sent nothing itself"
            worker = Running(env, tmp_path, "dispatch", "--worker")
            try:
                wait_for(lambda: len(box.delivery_ids()) >= len(queued), "el despachador", 60)
                stop(worker)
                wait_for(
                    lambda: {r.status for r in rows(url) if r.channel == "email"} == {"sent"},
                    "todo marcado enviado",
                    30,
                )
                stop(worker)
            finally:
                worker.kill()
        finally:
            scheduler.stop()
        mail = [r.id for r in rows(url) if r.channel == "email"]
    assert sorted(box.delivery_ids()) == sorted(mail), "each message once, by the worker"
