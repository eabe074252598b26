"""The core's hot paths, each against a baseline measured in the same run.

1. Lifecycle decisions through the one shared `transitions.Machine` (an item bound only for one
   event) against building a Machine per item, the pattern DESIGN.md warns against.
2. `fire()` (checks, new state, transition and domain-event rows) against a bare UPDATE of the
   same rows: what the history and the checks cost on top of the database.
3. The overdue list over 10^5 agreements (filter + count + first page, overdue computed in
   SQL) and the daily checks, against a plain `SELECT count(*)` of the table.

    python -m bench core [--rows 100000] [--backend sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select, update
from transitions import Machine

from states import AGREEMENT, Role
from workflow import checks
from workflow.directory import catalogue
from workflow.engine.actors import Actor
from workflow.engine.fire import fire
from workflow.items import listing, meetings
from workflow.models import Agreement, ItemArea
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.migrate import upgrade
from workflow.runtime.settings import Settings

TZ = ZoneInfo("America/Mexico_City")
ACTOR = Actor(role=Role.admin, user_id=None, area_id=None, label="Banco de pruebas")
TODAY = date(2024, 6, 10)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_decisions(n: int) -> None:
    shared = timed(lambda: [AGREEMENT.next_state("approved", "start") for _ in range(n)])
    per_item_n = max(n // 100, 100)

    def machine_per_item() -> None:
        for _ in range(per_item_n):

            class Row:
                state = "approved"

            row = Row()
            Machine(
                model=row,
                states=list(AGREEMENT.states),
                transitions=AGREEMENT.machine_transitions(),
                initial="approved",
                auto_transitions=False,
            )
            row.start()  # type: ignore[attr-defined]

    per_item = timed(machine_per_item) * n / per_item_n
    print(
        f"  decisiones: máquina compartida {n / shared:,.0f}/s; "
        f"máquina por fila {n / per_item:,.0f}/s"
    )
    print(f"  razón compartida / por fila: {per_item / shared:.1f}x más rápida")


@contextmanager
def database(backend: str) -> Iterator[Engine]:
    if backend == "postgresql":
        from tests.databases import postgres_database

        with postgres_database("bench") as url:
            engine = make_engine(url)
            yield engine
            engine.dispose()
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


def seed(engine: Engine, rows: int) -> int:
    """A meeting, an area and `rows` agreements with deadlines around TODAY; returns the area id."""
    writers = session_factory(engine, write=True)
    with unit_of_work(writers) as s:
        catalogue.create_organ(session=s, actor=ACTOR, code="CPVOE", name="Comisión")
        area = catalogue.create_area(session=s, actor=ACTOR, code="UTVOE", name="Área")
        meeting = meetings.create(
            session=s,
            actor=ACTOR,
            organ="CPVOE",
            kind="ordinaria",
            number=1,
            year=2024,
            day=date(2024, 1, 10),
            at=None,
            modality="virtual",
            agenda=[],
        )
        states = ("approved", "in_progress", "fulfilled", "under_review")
        s.execute(
            insert(Agreement),
            [
                {
                    "key": f"B/{i:06d}",
                    "title": f"Acuerdo {i}",
                    "text": "",
                    "seq": i + 1,
                    "meeting_id": meeting.id,
                    "state": states[i % 4],
                    "progress": 0,
                    "deadline": TODAY + timedelta(days=i % 60 - 30),
                    "relevant": i % 7 == 0,
                    "version": 1,
                }
                for i in range(rows)
            ],
        )
        ids = s.scalars(select(Agreement.id)).all()
        s.execute(
            insert(ItemArea),
            [
                {"item_kind": Agreement.kind, "item_id": i, "area_id": area.id, "position": 0}
                for i in ids
            ],
        )
        return area.id


def bench_fire(engine: Engine, n: int) -> None:
    writers = session_factory(engine, write=True)
    clock = Clock.on(TODAY, TZ)
    with unit_of_work(writers) as s:
        approved = s.scalars(
            select(Agreement.id).where(Agreement.state == "approved").limit(2 * n)
        ).all()
    first, second = approved[:n], approved[n : 2 * n]

    def bare() -> None:
        with unit_of_work(writers) as s:
            for i in first:
                s.execute(
                    update(Agreement)
                    .where(Agreement.id == i)
                    .values(state="in_progress", version=Agreement.version + 1)
                )

    def fired() -> None:
        with unit_of_work(writers) as s:
            for i in second:
                item = s.get(Agreement, i)
                assert item is not None
                fire(session=s, item=item, event="start", actor=ACTOR, clock=clock)

    base, full = timed(bare), timed(fired)
    print(f"  cambios de estado: UPDATE simple {n / base:,.0f}/s; fire() {n / full:,.0f}/s")
    print(f"  razón fire() / UPDATE: {full / base:.1f}x el costo (historial y evento incluidos)")


def bench_queries(engine: Engine, rows: int, area_id: int) -> None:
    readers = session_factory(engine)
    with readers() as s:
        base = min(
            timed(lambda: s.scalar(select(func.count()).select_from(Agreement))) for _ in range(5)
        )
        filters = listing.Filters(overdue=True, area="UTVOE", limit=50)
        page = min(
            timed(
                lambda: listing.fetch_page(session=s, model=Agreement, filters=filters, today=TODAY)
            )
            for _ in range(5)
        )
    writers = session_factory(engine, write=True)
    settings = Settings(database_url=str(engine.url), _env_file=None)  # type: ignore[call-arg]
    with unit_of_work(writers) as s:
        daily = timed(lambda: checks.run(session=s, clock=Clock.on(TODAY, TZ), settings=settings))
    with unit_of_work(writers) as s:
        again = timed(lambda: checks.run(session=s, clock=Clock.on(TODAY, TZ), settings=settings))
    print(
        f"  {rows:,} acuerdos: count(*) {base * 1000:.1f} ms; "
        f"lista de vencidos {page * 1000:.1f} ms "
        f"({page / base:.1f}x)"
    )
    print(
        f"  revisiones diarias {daily:.2f} s ({daily / base:,.0f}x count); "
        f"repetidas el mismo día {again:.2f} s"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench core")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    bench_decisions(100_000)
    with database(args.backend) as engine:
        area_id = seed(engine, args.rows)
        bench_fire(engine, args.events)
        bench_queries(engine, args.rows, area_id)
