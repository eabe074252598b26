"""The daily check at institutional scale (issue 13): 10^4, 10^5 and 10^6 agreements, 1% late.

Timed in one run, on SQLite and PostgreSQL: the find query of the overdue check, the checks
(`workflow.checks.run`), the fan-out of what they found into deliveries, and the two together,
each against the baseline of an indexed count of the same late items in the same run (the
least the database can do to find them). Printed: each figure, the baseline and their ratio.

    python -m bench daily_check [--rows 10000,100000] [--backend sqlite|postgresql|both]
    python -m bench daily_check --rows 1000000 --backend sqlite
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Engine, func, insert, select

from bench.core import ACTOR, TZ, database
from notifications import fanout
from states import LIFECYCLES, Role
from workflow import checks
from workflow.directory import catalogue
from workflow.items import listing, meetings
from workflow.models import Agreement, ItemArea, User
from workflow.runtime.clock import Clock
from workflow.runtime.db import session_factory, unit_of_work
from workflow.runtime.settings import Settings

TODAY = date(2024, 6, 12)  # a Wednesday: the weekly digest (Mondays) is not made
AREAS = 20
PEOPLE_PER_AREA = 3
CHUNK = 50_000


def median(fn: Callable[[], object], times: int = 5) -> float:
    runs = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def seed(engine: Engine, rows: int) -> None:
    """`rows` open agreements over 20 areas (3 people each, a Teams channel for every fourth),
    1% of them 2 business days late, the rest due in two months; bulk inserts."""
    with unit_of_work(session_factory(engine, write=True)) as s:
        catalogue.create_organ(session=s, actor=ACTOR, code="CPVOE", name="Comisión")
        areas = [
            catalogue.create_area(session=s, actor=ACTOR, code=f"A{i:02d}", name=f"Área {i}")
            for i in range(AREAS)
        ]
        for i, area in enumerate(areas):
            if i % 4 == 0:
                area.teams_webhook_url = f"https://example.test/hooks/{area.code}"
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
        people = [
            {
                "email": f"p{a.id}.{j}@example.test",
                "name": f"Persona {a.id}.{j}",
                "role": Role.area.value,
                "area_id": a.id,
            }
            for a in areas
            for j in range(PEOPLE_PER_AREA)
        ]
        people.append(
            {
                "email": "st@example.test",
                "name": "Secretaría",
                "role": "secretariat",
                "area_id": None,
            }
        )
        s.execute(insert(User), people)
        late, later = TODAY - timedelta(days=2), TODAY + timedelta(days=60)
        area_ids = [a.id for a in areas]
        for start in range(0, rows, CHUNK):
            chunk = range(start, min(start + CHUNK, rows))
            s.execute(
                insert(Agreement),
                [
                    {
                        "key": f"B/{i:07d}",
                        "title": f"Acuerdo {i}",
                        "text": "",
                        "seq": i + 1,
                        "meeting_id": meeting.id,
                        "state": ("approved", "in_progress")[i % 2],
                        "progress": 0,
                        "deadline": late if i % 100 == 0 else later,
                        "relevant": False,
                        "version": 1,
                    }
                    for i in chunk
                ],
            )
        first = s.scalar(select(func.min(Agreement.id))) or 1
        for start in range(0, rows, CHUNK):
            s.execute(
                insert(ItemArea),
                [
                    {
                        "item_kind": Agreement.kind,
                        "item_id": first + i,
                        "area_id": area_ids[(i // 3) % AREAS],
                        "position": 0,
                    }
                    for i in range(start, min(start + CHUNK, rows))
                ],
            )


def measure(engine: Engine, rows: int, backend: str) -> None:
    seed(engine, rows)
    if backend == "postgresql":
        with engine.connect() as c:
            c.exec_driver_sql("ANALYZE")
            c.commit()
    readers = session_factory(engine)
    opened = Agreement.state.in_(LIFECYCLES[Agreement.kind].open_states())
    with readers() as s:
        base = median(
            lambda: s.scalar(select(func.count()).where(opened, Agreement.deadline < TODAY))
        )
        find = median(
            lambda: s.execute(
                select(Agreement.id, Agreement.key, Agreement.deadline).where(
                    listing.overdue_clause(Agreement, TODAY)
                )
            ).all()
        )
    settings = Settings(  # type: ignore[call-arg]
        database_url=str(engine.url), smtp_host="127.0.0.1", _env_file=None
    )
    clock = Clock.on(TODAY, TZ)
    writers = session_factory(engine, write=True)
    start = time.perf_counter()
    with unit_of_work(writers) as s:
        report = checks.run(session=s, clock=clock, settings=settings)
    check = time.perf_counter() - start
    start = time.perf_counter()
    with unit_of_work(writers) as s:
        fanned = fanout.fan_out(session=s, settings=settings, clock=clock)
    fan = time.perf_counter() - start
    start = time.perf_counter()
    with unit_of_work(writers) as s:
        checks.run(session=s, clock=clock, settings=settings)
        fanout.fan_out(session=s, settings=settings, clock=clock)
    again = time.perf_counter() - start
    total = check + fan
    print(
        f"  {backend} {rows:,} acuerdos, {report.queued:,} eventos, "
        f"{sum(fanned.queued.values()):,} entregas"
    )
    print(f"    conteo indexado (base) {base * 1000:.2f} ms")
    for label, t in (
        ("consulta de vencidos", find),
        ("revisiones", check),
        ("reparto (fan-out)", fan),
        ("total", total),
        ("repetida el mismo día", again),
    ):
        print(f"    {label:<22} {t * 1000:>10.1f} ms  {t / base:>10,.0f}x la base")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench daily_check")
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        for rows in (int(r) for r in args.rows.split(",")):
            with database(backend) as engine:
                measure(engine, rows, backend)
