"""Real `seguimiento` processes for end-to-end tests: the CLI, and `serve` on a free port."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

from tests.databases import PG_ADMIN_URL, pg_url
from tests.e2e.running import free_port, wait_until_answering

BIN = Path(sys.executable).parent


def clean_env(database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh installation: no SEGUIMIENTO_* leaking from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEGUIMIENTO_")}
    env.update(
        SEGUIMIENTO_DATABASE_URL=database_url,
        SEGUIMIENTO_FILES_DIR=str(workdir / "archivos"),
        PYTHONWARNINGS="ignore",
        **extra,
    )
    return env


def run(
    env: dict[str, str], cwd: Path, *args: str, binary: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `seguimiento ARGS` to completion."""
    return subprocess.run(
        [str(binary or BIN / "seguimiento"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
    )


@contextmanager
def serving(env: dict[str, str], cwd: Path, binary: Path | None = None) -> Iterator[httpx.Client]:
    """`seguimiento serve --no-scheduler` on a free port; yields a client once /healthz answers."""
    port = free_port()
    log = (cwd / f"serve-{port}.log").open("w")
    proc = subprocess.Popen(
        [
            str(binary or BIN / "seguimiento"),
            "serve",
            "--no-scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, proc, cwd / log.name)
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def empty_postgres_database() -> Iterator[str]:
    """A PostgreSQL database with nothing in it (not even the schema), dropped afterwards."""
    name = f"seg_e2e_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield pg_url(name)
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
