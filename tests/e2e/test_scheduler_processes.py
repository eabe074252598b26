"""Two `seguimiento scheduler` processes on PostgreSQL: one leads, the other waits; after a
`kill -9` of the leader the other takes over; no delivery is sent twice and the catch-up run
happens exactly once. And a dispatcher killed mid-batch loses nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.databases import postgres_database, sqlite_database
from tests.e2e.running import Running, environment, run, wait_for
from tests.factories import Factory, Person
from tests.mailserver import smtp_server
from workflow import checks
from workflow.engine.fire import fire
from workflow.models import Agreement, CheckRun, Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.settings import Settings

pytestmark = pytest.mark.e2e

FAST = {"scheduler_poll_seconds": 0.3, "dispatch_interval_seconds": 0.5, "smtp_host": "127.0.0.1"}


@pytest.fixture
def pg_url() -> Iterator[str]:
    with postgres_database("sched") as url:
        yield url


@contextmanager
def writers(url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(url)
    try:
        yield session_factory(engine, write=True)
    finally:
        engine.dispose()


def statuses(factory: sessionmaker[Session]) -> Counter[str]:
    with unit_of_work(factory) as s:
        return Counter(s.scalars(select(Delivery.status).where(Delivery.channel == "email")))


def test_two_schedulers_one_leader_takeover_after_kill_and_no_duplicates(
    pg_url: str, tmp_path: Path
) -> None:
    with writers(pg_url) as factory:
        _leader_and_takeover(factory, pg_url, tmp_path)


def _leader_and_takeover(factory: sessionmaker[Session], pg_url: str, tmp_path: Path) -> None:
    tz = Settings(_env_file=None).tz  # type: ignore[call-arg]
    clock = Clock(tz=tz)
    with unit_of_work(factory) as s:
        make = Factory(session=s, clock=clock)
        area = make.area("UTVOE")
        head = make.person("area", area)
        secretariat = make.person("secretariat")
        agreement = make.agreement([area], deadline=date(2024, 5, 20))
        fire(
            session=s,
            item=agreement,
            event="report_fulfillment",
            actor=head.actor,
            clock=clock,
            note="Listo",
        )
        ids = (agreement.id, secretariat)
    with smtp_server() as box:
        env = environment(pg_url, smtp_port=box.port, **FAST)
        first = Running(env, tmp_path, "scheduler")
        second: Running | None = None
        try:
            wait_for(
                lambda: first.said("Programador activo"), "el primer programador toma el mando"
            )
            second = Running(env, tmp_path, "scheduler")
            wait_for(
                lambda: second is not None and second.said("espera su turno"), "el segundo espera"
            )
            wait_for(
                lambda: any(
                    m["Subject"].startswith("En revisión de cumplimiento: ") for m in box.messages
                ),
                "el aviso de cumplimiento informado llega a la secretaría",
            )
            wait_for(lambda: statuses(factory)["pending"] == 0, "el líder entrega todo")
            assert not second.said("Programador activo")

            first.kill()
            _confirm(factory, clock, ids[0], ids[1])
            wait_for(lambda: second is not None and second.said("Programador activo"), "relevo")
            wait_for(
                lambda: any(m["Subject"].startswith("Cumplido: ") for m in box.messages),
                "el nuevo líder entrega el aviso de la confirmación",
            )
            wait_for(lambda: statuses(factory)["pending"] == 0, "el nuevo líder entrega todo")
        finally:
            first.kill()
            if second is not None:
                second.stop()
        sent = box.delivery_ids()
        assert len(sent) == len(set(sent)), Counter(sent).most_common(3)
        assert set(statuses(factory)) == {"sent"}
        with unit_of_work(factory) as s:
            assert s.scalar(select(func.count()).select_from(CheckRun)) == 1, "one catch-up run"


def _confirm(factory: sessionmaker[Session], clock: Clock, agreement_id: int, who: Person) -> None:
    with unit_of_work(factory) as s:
        item = s.get(Agreement, agreement_id)
        assert item is not None
        fire(session=s, item=item, event="confirm", actor=who.actor, clock=clock)


def test_a_dispatcher_killed_mid_batch_loses_nothing_and_resends_at_most_once(
    tmp_path: Path,
) -> None:
    with sqlite_database(tmp_path) as url, writers(url) as factory:
        settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
        with unit_of_work(factory) as s:
            make = Factory(session=s, clock=Clock.on(date(2024, 6, 1), settings.tz))
            area = make.area()
            for _ in range(6):
                make.person("area", area)
            make.agreement([area], deadline=date(2024, 6, 7))
        with unit_of_work(factory) as s:
            clock = Clock.on(date(2024, 6, 11), settings.tz)
            checks.run(session=s, clock=clock, settings=settings)
        with smtp_server() as box:
            box.hold_after = 2
            env = environment(
                url, smtp_host="127.0.0.1", smtp_port=box.port, dispatch_lease_seconds=1
            )
            dispatcher = Running(env, tmp_path, "dispatch")
            try:
                wait_for(box.held.is_set, "el despachador queda a mitad del tercer envío")
            finally:
                dispatcher.kill()
            box.hold_after = None
            box.release.set()
            assert statuses(factory)["sent"] == 2

            def delivered() -> bool:
                run(env, tmp_path, "dispatch")
                return set(statuses(factory)) == {"sent"}

            wait_for(delivered, "otro despachador entrega lo que quedó pendiente")
        sent = Counter(box.delivery_ids())
        with unit_of_work(factory) as s:
            email_ids = set(s.scalars(select(Delivery.id).where(Delivery.channel == "email")))
        assert set(sent) == email_ids, "nothing lost"
        assert max(sent.values()) <= 2, "at most two sends per delivery"
        assert sorted(sent.values())[-1] == 2, "the one in flight when killed was sent again"
