"""`seguimiento report` as a person runs it: a fresh SQLite database, the demo, and the report of
the 5th ordinary session written as PDF, XLSX and HTML by the real console script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.e2e

SEGUIMIENTO = str(Path(sys.executable).with_name("seguimiento"))


def environment(database_url: str) -> dict[str, str]:
    """This process's environment without its `SEGUIMIENTO_*`, and the database to use."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEGUIMIENTO_")}
    return env | {"SEGUIMIENTO_DATABASE_URL": database_url}


def seguimiento(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SEGUIMIENTO, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=180
    )


def run(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = seguimiento(env, cwd, *args)
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


AGREEMENTS_4SO = {f"CPVOE/4SO/2024/{n:02d}" for n in range(1, 8)}


def test_the_report_command_writes_every_format_from_the_demo(tmp_path: Path) -> None:
    env = environment(f"sqlite:///{tmp_path / 'seguimiento.db'}")
    run(env, tmp_path, "init")
    loaded = run(env, tmp_path, "demo")
    found = re.search(r"informe de seguimiento: id (\d+)", loaded)
    assert found, loaded
    meeting = found.group(1)

    outputs = {}
    for fmt in ("pdf", "xlsx", "html"):
        target = tmp_path / "informes" / f"seguimiento.{fmt}"
        said = run(env, tmp_path, "report", meeting, "--format", fmt, "-o", str(target))
        assert f"Informe de CPVOE/5SO/2024 ({fmt}," in said and str(target) in said
        outputs[fmt] = target

    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(outputs["pdf"]).pages).split())
    sheet = load_workbook(outputs["xlsx"])["2.1 Acuerdos sesión anterior"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if "Clave" in row)
    column = rows[header].index("Clave")
    xlsx_keys = {row[column] for row in rows[header + 1 :] if row[column]}
    html = outputs["html"].read_text(encoding="utf-8")
    assert xlsx_keys == AGREEMENTS_4SO
    for key in AGREEMENTS_4SO:
        assert key in pdf_text and key in html
    for label in ("En proceso", "En revisión de cumplimiento", "Cumplido", "Sin efectos"):
        assert label in pdf_text and label in html


def test_an_unknown_meeting_is_an_error_that_says_so(tmp_path: Path) -> None:
    env = environment(f"sqlite:///{tmp_path / 'seguimiento.db'}")
    run(env, tmp_path, "init")
    done = seguimiento(env, tmp_path, "report", "999", "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2
    assert "No existe la sesión con id 999" in done.stderr
    assert not (tmp_path / "x.pdf").exists()
