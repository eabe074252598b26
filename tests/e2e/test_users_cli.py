"""`seguimiento users list|deactivate|activate|set-password` as an operator runs them: real
processes on a real database (SQLite and a fresh PostgreSQL one).

The schema and the people are made in-process (`init` and `users add` have their own tests in
test_cli_core.py): each `seguimiento` process costs seconds on a busy machine.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from tests.e2e.processes import BIN, clean_env, empty_postgres_database, run
from tests.factories import ADMIN
from workflow.directory import catalogue
from workflow.directory.credentials import user_for_password, user_for_token
from workflow.models import ApiToken, User
from workflow.runtime import migrate
from workflow.runtime.db import normalise_url

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'seguimiento.db'}"
    else:
        with empty_postgres_database() as url:
            yield url


@pytest.fixture
def database(database_url: str) -> Iterator[Engine]:
    """The migrated database, and its engine for looking at what the commands did."""
    migrate.upgrade(database_url)
    engine = create_engine(normalise_url(database_url))
    yield engine
    engine.dispose()


def add(engine: Engine, email: str, role: str) -> str:
    """A person made in-process; returns their first token."""
    with Session(engine) as s:
        _, token = catalogue.create_user(
            session=s, actor=ADMIN, email=email, name="Persona Uno", role=role
        )
        s.commit()
    return token


def with_stdin(
    env: dict[str, str], cwd: Path, text: str, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "seguimiento"), *args],
        env=env,
        cwd=cwd,
        input=text,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_an_operator_lists_deactivates_reactivates_and_sets_a_password(
    database_url: str, database: Engine, tmp_path: Path
) -> None:
    env = clean_env(database_url, tmp_path)
    token = add(database, "Enlace@IECM.mx", "member")

    listed = run(env, tmp_path, "users", "list")
    assert listed.returncode == 0, listed.stderr
    header, rule, *rows = listed.stdout.strip().splitlines()
    assert header.split() == ["id", "correo", "nombre", "rol", "área", "activa"]
    assert set(rule) <= {"-", " "}
    assert any("enlace@iecm.mx" in r and "member" in r and r.endswith("sí") for r in rows)

    off = run(env, tmp_path, "users", "deactivate", "ENLACE@iecm.mx")
    assert off.returncode == 0, off.stderr
    assert "desactivada: enlace@iecm.mx" in off.stdout and "revocados" in off.stdout
    now = datetime.now(UTC)
    with Session(database) as s:
        assert user_for_token(session=s, token=token, now=now) is None
        row = s.scalar(select(ApiToken).join(User).where(User.email == "enlace@iecm.mx"))
        assert row is not None and row.revoked_at is not None

    on = run(env, tmp_path, "users", "activate", "enlace@iecm.mx")
    assert on.returncode == 0 and "activada" in on.stdout
    with Session(database) as s:
        assert user_for_token(session=s, token=token, now=now) is None, "tokens stay revoked"

    short = with_stdin(
        env, tmp_path, "corta\n", "users", "set-password", "enlace@iecm.mx", "--password-stdin"
    )
    assert short.returncode == 1
    assert short.stderr.strip().splitlines() == [
        "Error: La contraseña es demasiado corta: use al menos 8 caracteres."
    ]
    done = with_stdin(
        env,
        tmp_path,
        "una clave larga\n",
        "users",
        "set-password",
        "enlace@iecm.mx",
        "--password-stdin",
    )
    assert done.returncode == 0, done.stderr
    with Session(database) as s:
        user = user_for_password(session=s, email="enlace@iecm.mx", password="una clave larga")
        assert user is not None and user.active


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'seguimiento.db'}"
    migrate.upgrade(url)
    return clean_env(url, tmp_path)


def test_an_unknown_email_exits_1_with_one_readable_line(
    sqlite_env: dict[str, str], tmp_path: Path
) -> None:
    env = sqlite_env
    for args in (
        ("users", "deactivate", "nadie@iecm.mx"),
        ("users", "activate", "nadie@iecm.mx"),
        ("users", "set-password", "nadie@iecm.mx", "--password-stdin"),
    ):
        done = with_stdin(env, tmp_path, "una clave larga\n", *args)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert done.stderr.strip().splitlines() == [
            "Error: No existe una persona usuaria con el correo «nadie@iecm.mx»."
        ], args


def test_users_add_refuses_an_address_the_mail_server_cannot_take(
    sqlite_env: dict[str, str], tmp_path: Path
) -> None:
    done = run(
        sqlite_env,
        tmp_path,
        "users",
        "add",
        "--email",
        "josé@iecm.mx",
        "--name",
        "José",
        "--role",
        "member",
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("Error: El correo no es una dirección")
    assert "Traceback" not in done.stderr
