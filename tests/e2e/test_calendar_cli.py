"""`seguimiento calendar add|list|remove|add-period` and the errors a person reads."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.databases import sqlite_database
from tests.e2e.running import SEGUIMIENTO, environment, run

pytestmark = pytest.mark.e2e


def test_declare_list_and_remove_non_working_days(tmp_path: Path) -> None:
    with sqlite_database(tmp_path) as url:
        env = environment(url)
        added = run(
            env,
            tmp_path,
            "calendar",
            "add",
            "2024-03-28",
            "--reason",
            "Jueves Santo",
            "--reference",
            "IECM/ACU-CG-001/2024",
        )
        assert added.strip() == "Día inhábil declarado: 2024-03-28 (Jueves Santo)."
        run(
            env,
            tmp_path,
            "calendar",
            "add-period",
            "Proceso Electoral Local 2023-2024",
            "--start",
            "2023-09-10",
            "--end",
            "2024-09-15",
        )
        listed = run(env, tmp_path, "calendar", "list", "--year", "2024")
        assert "2024-03-28  Jueves Santo (IECM/ACU-CG-001/2024)" in listed
        assert "[1] 2023-09-10 a 2024-09-15  Proceso Electoral Local 2023-2024" in listed
        assert "2024-09-16  Día de la Independencia" in listed

        again = subprocess.run(
            [SEGUIMIENTO, "calendar", "add", "2024-03-28", "--reason", "Otra vez"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert again.returncode == 2
        assert "Error: El 2024-03-28 ya está declarado como día inhábil." in again.stderr
        bad = subprocess.run(
            [SEGUIMIENTO, "check", "--at", "10/06/2024"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert bad.returncode == 2 and "--at debe ser una fecha AAAA-MM-DD" in bad.stderr

        assert "vuelve a ser día hábil" in run(env, tmp_path, "calendar", "remove", "2024-03-28")
