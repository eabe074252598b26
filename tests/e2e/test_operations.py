"""What an operator runs: JSON log lines from a real `serve`, and `seguimiento db`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.processes import clean_env, run, serving

pytestmark = pytest.mark.e2e


def _lines(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


def test_serve_writes_one_json_line_per_request_and_text_when_asked(tmp_path: Path) -> None:
    env = clean_env(f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path)
    assert run(env, tmp_path, "init").returncode == 0
    with serving(env, tmp_path) as client:
        answer = client.get("/readyz", headers={"X-Request-ID": "op-1"})
        assert answer.status_code == 200
        assert client.get("/metrics").status_code == 200
        log = tmp_path / f"serve-{client.base_url.port}.log"
    lines = _lines(log)
    request = [
        line
        for line in lines
        if line.get("request_id") == "op-1" and line["logger"] == "seguimiento.request"
    ]
    assert len(request) == 1, lines
    assert request[0]["route"] == "/readyz" and request[0]["status"] == 200
    assert {"time", "level", "logger", "message", "duration_ms"} <= request[0].keys()
    started = [line for line in lines if line["logger"] == "uvicorn.error"]
    assert started, "uvicorn's own lines are JSON too"
    text_env = {**env, "SEGUIMIENTO_LOG_FORMAT": "text"}
    with serving(text_env, tmp_path) as client:
        client.get("/healthz")
        plain = (tmp_path / f"serve-{client.base_url.port}.log").read_text()
    assert "seguimiento.request: petición" in plain and not _lines(
        tmp_path / f"serve-{client.base_url.port}.log"
    )


def test_db_current_upgrade_and_downgrade(tmp_path: Path) -> None:
    env = clean_env(f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path)
    fresh = run(env, tmp_path, "db", "current")
    assert fresh.returncode == 3 and "ninguna" in fresh.stdout, fresh.stdout + fresh.stderr
    assert run(env, tmp_path, "db", "upgrade").returncode == 0
    at_head = run(env, tmp_path, "db", "current")
    assert at_head.returncode == 0 and "al día" in at_head.stdout
    head = at_head.stdout.split("Versión actual: ", 1)[1].split()[0]
    stepped = run(env, tmp_path, "db", "downgrade", "-1")
    assert stepped.returncode == 0, stepped.stderr
    behind = run(env, tmp_path, "db", "current")
    assert behind.returncode == 3 and head not in behind.stdout.splitlines()[0]
    assert run(env, tmp_path, "db", "upgrade").returncode == 0
    unknown = run(env, tmp_path, "db", "downgrade", "no-existe")
    assert unknown.returncode == 2
    assert "No se pudo llevar el esquema a «no-existe»" in unknown.stderr
    assert "Traceback" not in unknown.stderr
