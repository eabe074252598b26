"""The published example key only on one's own machine: `serve` and `scheduler` refuse to start
with it where others could reach them, and `init` writes a random key into `.env` once."""

from __future__ import annotations

from pathlib import Path

import pytest
from dotenv import dotenv_values

from tests.e2e.processes import clean_env, run, serving
from tests.e2e.running import Running, free_port, wait_for
from workflow.runtime.settings import DEFAULT_SECRET

pytestmark = pytest.mark.e2e

KEY = "SEGUIMIENTO_SECRET_KEY"


def example_key_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return clean_env(
        f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path, **{KEY: DEFAULT_SECRET}, **extra
    )


def refused(env: dict[str, str], cwd: Path, *args: str) -> str:
    """Start the command; it must exit by itself, non-zero, saying why in Spanish."""
    process = Running(env, cwd, *args)
    try:
        wait_for(lambda: process.proc.poll() is not None, f"que `{' '.join(args)}` se niegue")
    finally:
        process.stop()
    assert process.proc.returncode not in (0, None)
    output = "\n".join(process.lines)
    assert KEY in output and "valor de ejemplo" in output, output
    return output


def test_serve_with_the_example_key_on_every_interface_refuses_to_start(tmp_path: Path) -> None:
    port = str(free_port())
    output = refused(
        example_key_env(tmp_path), tmp_path, "serve", "--host", "0.0.0.0", "--port", port
    )
    assert "0.0.0.0" in output


def test_serve_with_the_example_key_behind_https_refuses_even_on_loopback(tmp_path: Path) -> None:
    env = example_key_env(tmp_path, SEGUIMIENTO_BASE_URL="https://seguimiento.ejemplo.gob.mx")
    port = str(free_port())
    refused(env, tmp_path, "serve", "--host", "127.0.0.1", "--port", port)


def test_serve_with_the_example_key_on_loopback_starts(tmp_path: Path) -> None:
    env = example_key_env(tmp_path)
    assert run(env, tmp_path, "init").returncode == 0
    with serving(env, tmp_path) as http:
        assert http.get("/healthz").json()["status"] == "ok"


def test_scheduler_with_the_example_key_for_a_public_site_refuses_to_start(
    tmp_path: Path,
) -> None:
    env = example_key_env(tmp_path, SEGUIMIENTO_BASE_URL="http://seguimiento.ejemplo.gob.mx")
    refused(env, tmp_path, "scheduler")


def test_init_writes_a_key_into_env_once_and_keeps_the_other_lines(tmp_path: Path) -> None:
    env = clean_env(f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path)
    dotenv = tmp_path / ".env"
    dotenv.write_text("SEGUIMIENTO_TIMEZONE=America/Mexico_City")  # no final newline
    first = run(env, tmp_path, "init")
    assert first.returncode == 0, first.stderr
    written = dotenv_values(dotenv)
    assert written["SEGUIMIENTO_TIMEZONE"] == "America/Mexico_City"
    key = written[KEY]
    assert key and key != DEFAULT_SECRET and len(key) >= 40
    assert ".env" in first.stdout
    before = dotenv.read_text()
    again = run(env, tmp_path, "init")
    assert again.returncode == 0, again.stderr
    assert dotenv.read_text() == before
