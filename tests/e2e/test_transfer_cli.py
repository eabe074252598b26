"""The real `seguimiento` console script: export the demo, import it into a fresh SQLite file,
and refuse a bad file with one line per problem and a non-zero exit.

Each process pays the CLI's start-up (several seconds: other command groups import WeasyPrint
and the dispatcher), so the exports run side by side and the set-up runs in this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.databases import sqlite_database
from tests.workflow.transfer_files import AGREEMENT_HEADER, agreement_row, counts, csv_bytes
from workflow import demo
from workflow.items.listing import Filters
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.spreadsheets.exporting import sheet

pytestmark = pytest.mark.e2e

SCRIPT = Path(sys.executable).with_name("seguimiento")
KINDS = ("organs", "areas", "convenios", "activities", "agreements")
TZ = ZoneInfo("America/Mexico_City")


def env(url: str) -> dict[str, str]:
    return {**os.environ, "SEGUIMIENTO_DATABASE_URL": url}


def run(url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=env(url), capture_output=True, text=True, timeout=300
    )


def snapshot(url: str) -> tuple[dict[str, list[list[object]]], dict[str, int]]:
    """Every kind as exported, and the row counts of every table."""
    engine = make_engine(url)
    try:
        with unit_of_work(session_factory(engine)) as session:
            today = Clock(tz=TZ).today()
            rows = {
                k: sheet(session=session, kind=k, filters=Filters(), today=today).rows
                for k in KINDS
            }
            return rows, counts(session)
    finally:
        engine.dispose()


def test_the_demo_round_trips_through_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with sqlite_database(tmp_path / "a") as source, sqlite_database(tmp_path / "b") as target:
        engine = make_engine(source)
        with unit_of_work(session_factory(engine, write=True)) as session:
            demo.load(session=session, tz=TZ)
        engine.dispose()
        exports = [
            subprocess.Popen(
                [str(SCRIPT), "export", kind, "-o", str(tmp_path / f"{kind}.csv")],
                cwd=tmp_path,
                env=env(source),
                stderr=subprocess.PIPE,
                text=True,
            )
            for kind in KINDS
        ]
        for process in exports:
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
        for kind in KINDS:
            done = run(target, "import", kind, str(tmp_path / f"{kind}.csv"), cwd=tmp_path)
            assert done.returncode == 0, done.stderr
            assert done.stdout.startswith(f"Se importó «{kind}.csv»")
        (before, _), (after, written) = snapshot(source), snapshot(target)
        assert after == before

        bad = tmp_path / "malo.csv"
        bad.write_bytes(
            csv_bytes(
                [
                    AGREEMENT_HEADER,
                    agreement_row("CPVOE/4SO/2024/20", "CPVOE/4SO/2024"),
                    agreement_row("CPVOE/4SO/2024/21", "CPVOE/4SO/2024", deadline="30/02/2024"),
                    agreement_row("CPVOE/4SO/2024/22", "CPVOE/4SO/2024", areas="UTVOE, XYZ"),
                    agreement_row("CPVOE/4SO/2024/23", "CPVOE/4SO/2024", state="Terminado"),
                ],
                sep=";",
                encoding="cp1252",
            )
        )
        refused = run(target, "import", "agreements", str(bad), cwd=tmp_path)
        assert refused.returncode == 1
        lines = refused.stderr.strip().splitlines()
        assert lines[0] == (
            "El archivo «malo.csv» tiene 3 problemas; no se importó nada. Corríjalos y vuelva a "
            "importarlo completo."
        )
        assert [line.split(",")[0].strip() for line in lines[1:]] == ["Fila 3", "Fila 4", "Fila 5"]
        assert snapshot(target) == (after, written)
