"""`/readyz` of a real `serve`: 503 with a reason (never 500) while the database cannot serve."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.databases import PG_ADMIN_URL
from tests.e2e.processes import clean_env, empty_postgres_database, run, serving

pytestmark = pytest.mark.e2e


def test_a_never_migrated_sqlite_file_is_not_ready(tmp_path: Path) -> None:
    (tmp_path / "nunca-migrada.db").touch()  # a file that exists, with no schema in it
    env = clean_env(f"sqlite:///{tmp_path / 'nunca-migrada.db'}", tmp_path)
    with serving(env, tmp_path) as client:
        r = client.get("/readyz")
        assert r.status_code == 503, r.text
        assert r.json()["code"] == "not_ready" and "seguimiento init" in r.json()["detail"]
        assert client.get("/healthz").status_code == 200


def test_postgres_not_migrated_then_ready_then_dropped(tmp_path: Path) -> None:
    with empty_postgres_database() as url:
        env = clean_env(url, tmp_path)
        with serving(env, tmp_path) as client:
            assert client.get("/readyz").status_code == 503
            assert run(env, tmp_path, "init").returncode == 0
            assert client.get("/readyz").json() == {"status": "ok"}
            name = url.rsplit("/", 1)[1]
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            r = client.get("/readyz")
            assert r.status_code == 503, r.text
            assert {k: r.json()[k] for k in ("detail", "code", "status")} == {
                "detail": "La base de datos no responde.",
                "code": "not_ready",
                "status": 503,
            }
            assert client.get("/healthz").status_code == 200
