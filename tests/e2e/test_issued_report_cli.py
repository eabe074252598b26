"""`seguimiento report MEETING_ID --issued N` as an operator runs it: the demo's 5th session is
issued through a real server, and the command writes the very bytes the server serves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.processes import clean_env, run, serving

pytestmark = pytest.mark.e2e


def ok(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = run(env, cwd, *args)
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_command_writes_an_issued_version_byte_for_byte(tmp_path: Path) -> None:
    env = clean_env(f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path)
    ok(env, tmp_path, "init")
    found = re.search(r"informe de seguimiento: id (\d+)", ok(env, tmp_path, "demo"))
    assert found
    meeting = found.group(1)
    added = ok(
        env, tmp_path, "users", "add", "--email", "st@ejemplo.mx", "--name", "Secretaría",
        "--role", "secretariat",
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {added.strip().splitlines()[-1]}"}
    url = f"/api/v1/meetings/{meeting}/report"
    with serving(env, tmp_path) as http:
        issued = http.post(f"{url}/issue", headers=headers, timeout=120)
        assert issued.status_code == 201, issued.text
        served = {
            fmt: http.get(f"{url}/issued/1", params={"format": fmt}, headers=headers).content
            for fmt in ("pdf", "xlsx", "json")
        }

    said = ok(env, tmp_path, "report", meeting, "--issued", "1", "-o", str(tmp_path / "v1.pdf"))
    assert "Versión emitida 1/2024 de CPVOE/5SO/2024 (pdf," in said
    assert (tmp_path / "v1.pdf").read_bytes() == served["pdf"]

    ok(env, tmp_path, "report", meeting, "--issued", "1", "--format", "xlsx")
    written = tmp_path / "seguimiento-CPVOE-5SO-2024-emitido-2024-01.xlsx"
    assert written.read_bytes() == served["xlsx"]
    ok(env, tmp_path, "report", meeting, "--issued", "1", "-o", str(tmp_path / "v1.json"))
    assert (tmp_path / "v1.json").read_bytes() == served["json"]

    missing = run(env, tmp_path, "report", meeting, "--issued", "2", "-o", str(tmp_path / "x.pdf"))
    assert missing.returncode == 2 and "no tiene una versión emitida número 2" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()

    ok(env, tmp_path, "report", meeting, "--as-of", "2024-05-01", "-o", str(tmp_path / "d.json"))
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["as_of"] == "2024-05-01"
