"""Import of 10^5 agreement rows, against a plain INSERT of the same rows in the same run.

The import reads the CSV, validates every row, and creates each agreement with its areas, its
`created` event and, for the rows that are not «Aprobado», the lifecycle events through
`fire` (one in five rows here). The baseline inserts the same agreements and area links with
one `executemany` each: what the database alone costs. Printed: rows/s of both, their ratio,
the 10^4 -> 10^5 scaling (near 1 means linear), and a re-import of the unchanged file.

    python -m bench import_rows [--rows 100000] [--backend sqlite|postgresql]
    python -m bench import_rows --writers 60 [--rows 100000]

With `--writers N`, the import goes to a real `seguimiento serve` on SQLite while N clients post
updates at the same time (issue 8, item 8): printed are the answers by status (a 5xx other
than 503 is a failure), how long the import took, and whether it applied whole.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine, func, insert, select

from states import Role
from workflow.directory import catalogue
from workflow.engine.actors import Actor
from workflow.items import meetings
from workflow.models import Agreement, ItemArea, Meeting
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.migrate import upgrade
from workflow.spreadsheets.importing import import_file

TZ = ZoneInfo("America/Mexico_City")
ACTOR = Actor(role=Role.admin, user_id=None, area_id=None, label="Banco de pruebas")
AREAS = ("UTVOE", "DEOEYG", "DECEYEC", "SE", "UTAJ")
MEETINGS = 100
STATES = ("Aprobado",) * 8 + ("En proceso", "Cumplido")


def rows(count: int) -> list[list[str]]:
    header = ["clave", "sesión", "acuerdo", "texto", "áreas", "plazo", "estado", "relevante"]
    out = [header]
    for i in range(count):
        meeting = f"CPVOE/{i % MEETINGS + 1}SO/2024"
        deadline = date(2024, 6, 1) + timedelta(days=i % 200)
        out.append(
            [
                f"{meeting}/{i // MEETINGS + 1:05d}",
                meeting,
                f"Acuerdo número {i} de la sesión",
                "Se instruye a las áreas responsables atender el acuerdo y reportar su avance.",
                f"{AREAS[i % 5]}; {AREAS[(i + 1) % 5]}",
                deadline.strftime("%d/%m/%Y"),
                STATES[i % len(STATES)],
                "sí" if i % 7 == 0 else "no",
            ]
        )
    return out


def csv_bytes(table: list[list[str]]) -> bytes:
    return ("\r\n".join(",".join(r) for r in table) + "\r\n").encode("utf-8")


@contextmanager
def database(backend: str) -> Iterator[Engine]:
    """A fresh migrated database with the organ, areas and sessions the rows name."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            upgrade(url)
            engine = make_engine(url)
            _directory(engine)
            yield engine
            engine.dispose()
    else:
        from tests.databases import postgres_database

        with postgres_database("bench") as url:
            engine = make_engine(url)
            _directory(engine)
            yield engine
            engine.dispose()


def _directory(engine: Engine) -> None:
    with unit_of_work(session_factory(engine, write=True)) as session:
        catalogue.create_organ(session=session, actor=ACTOR, code="CPVOE", name="Comisión")
        for code in AREAS:
            catalogue.create_area(session=session, actor=ACTOR, code=code, name=code)
        for n in range(1, MEETINGS + 1):
            meetings.create(
                session=session,
                actor=ACTOR,
                organ="CPVOE",
                kind="ordinaria",
                number=n,
                year=2024,
                day=date(2024, 1, 1) + timedelta(days=n),
                at=None,
                modality="virtual",
                agenda=[],
            )


def timed_import(engine: Engine, data: bytes) -> tuple[float, str]:
    start = time.perf_counter()
    with unit_of_work(session_factory(engine, write=True)) as session:
        outcome = import_file(
            session=session,
            actor=ACTOR,
            clock=Clock(tz=TZ),
            kind="agreements",
            data=data,
            filename="bench.csv",
        )
    return time.perf_counter() - start, outcome.summary()[0]


def timed_insert(engine: Engine, table: list[list[str]]) -> float:
    """The baseline: the same agreements and area links, one executemany each."""
    with unit_of_work(session_factory(engine)) as session:
        meeting_ids = {m.key: m.id for m in session.query(Meeting).all()}
        area_ids = {a.code: a.id for a in catalogue.list_areas(session=session)}
    start = time.perf_counter()
    with engine.begin() as conn:
        agreements = [
            {
                "key": r[0],
                "title": r[2],
                "text": r[3],
                "meeting_id": meeting_ids[r[1]],
                "seq": int(r[0].rsplit("/", 1)[1]),
                "state": "approved",
                "progress": 0,
                "version": 1,
                "relevant": r[7] == "sí",
                "deadline": date(int(r[5][6:]), int(r[5][3:5]), int(r[5][:2])),
            }
            for r in table[1:]
        ]
        ids = [
            row.id for row in conn.execute(insert(Agreement).returning(Agreement.id), agreements)
        ]
        links = [
            {
                "item_kind": Agreement.kind,
                "item_id": i,
                "area_id": area_ids[code.strip()],
                "position": p,
            }
            for i, r in zip(ids, table[1:], strict=True)
            for p, code in enumerate(r[4].split(";"))
        ]
        conn.execute(insert(ItemArea), links)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench import_rows")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--writers", type=int, default=0, help="clients posting meanwhile")
    args = parser.parse_args(argv)
    if args.writers:
        concurrent_writers(args.rows, args.writers)
        return
    small, large = rows(args.rows // 10), rows(args.rows)
    with database(args.backend) as engine:
        baseline = timed_insert(engine, large)
    with database(args.backend) as engine:
        small_s, _ = timed_import(engine, csv_bytes(small))
    with database(args.backend) as engine:
        data = csv_bytes(large)
        large_s, summary = timed_import(engine, data)
        again_s, again = timed_import(engine, data)
    n, m = args.rows, args.rows // 10
    print(f"backend {args.backend}, {n} filas ({len(data) / 1e6:.1f} MB)")
    print(f"  INSERT plano (línea base): {n / baseline:10.0f} filas/s ({baseline:.1f} s)")
    print(f"  importación {m:>7}:        {m / small_s:10.0f} filas/s ({small_s:.1f} s)")
    print(f"  importación {n:>7}:        {n / large_s:10.0f} filas/s ({large_s:.1f} s)  {summary}")
    print(f"  reimportación sin cambios: {n / again_s:10.0f} filas/s ({again_s:.1f} s)  {again}")
    print(
        f"  razón importación / INSERT plano: {baseline / large_s:.3f}"
        " (1 = tan rápida como el INSERT)"
    )
    print(f"  escala 10^4 -> 10^5 (filas/s grande / pequeña): {(n / large_s) / (m / small_s):.2f}")


def concurrent_writers(count: int, writers: int) -> None:
    """A real `serve` on SQLite imports `count` rows while `writers` clients post updates."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.e2e.processes import clean_env, run, serving

    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        url = f"sqlite:///{cwd / 'bench.db'}"
        env = clean_env(url, cwd)
        run(env, cwd, "init")
        engine = make_engine(url)
        _directory(engine)
        added = run(env, cwd, "users", "add", "--email", "b@e.mx", "--name", "B", "--role", "admin")
        auth = {"Authorization": f"Bearer {added.stdout.strip().splitlines()[-1]}"}
        data = csv_bytes(rows(count))
        with serving(env, cwd) as http:
            first = http.post(
                "/api/v1/agreements/import",
                files={"file": ("primeras.csv", csv_bytes(rows(10)), "text/csv")},
                headers=auth,
            )
            assert first.status_code == 200, first.text
            ids = [a["id"] for a in http.get("/api/v1/agreements", headers=auth).json()["items"]]

            def importing() -> tuple[int, float]:
                start = time.perf_counter()
                with httpx.Client(base_url=http.base_url, timeout=3600) as client:
                    done = client.post(
                        "/api/v1/agreements/import",
                        files={"file": ("bench.csv", data, "text/csv")},
                        headers=auth,
                    )
                return done.status_code, time.perf_counter() - start

            def writing(n: int) -> int:
                with httpx.Client(base_url=http.base_url, timeout=600) as client:
                    return client.post(
                        f"/api/v1/agreements/{ids[n % len(ids)]}/updates",
                        json={"note": f"Avance {n} durante la importación"},
                        headers=auth,
                    ).status_code

            with ThreadPoolExecutor(writers + 1) as pool:
                imported = pool.submit(importing)
                time.sleep(2)
                statuses = list(pool.map(writing, range(writers)))
                status, seconds = imported.result()
        with engine.connect() as conn:
            total = conn.scalar(select(func.count()).select_from(Agreement)) or 0
        engine.dispose()
    by_status = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(
        f"serve en SQLite, {count} filas ({len(data) / 1e6:.1f} MB), {writers} escrituras a la vez"
    )
    print(f"  importación: {status} en {seconds:.1f} s; acuerdos en la base: {total}")
    print(f"  respuestas de las escrituras: {by_status}")
    failed = [s for s in statuses if s >= 500 and s != 503]
    print("  sin 500: sí" if not failed and status == 200 else f"  FALLAS: {failed} {status}")
