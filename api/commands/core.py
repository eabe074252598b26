"""Core commands: `init`, `demo`, `serve` — thin callers of `workflow`."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from states import Role
from workflow import demo as demo_data
from workflow.calendar import business_days as business_calendar
from workflow.directory import secret_key
from workflow.engine.actors import Actor
from workflow.engine.errors import DomainError
from workflow.runtime import logs, migrate
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.settings import Settings, get_settings

CLI_ACTOR = Actor(role=Role.admin, user_id=None, area_id=None, label="Administración (terminal)")


def register(app: typer.Typer) -> None:
    """Add `init`, `demo` and `serve` to the `seguimiento` app (`users` lives in users.py)."""
    for fn in (init, demo, serve):
        app.command()(fn)


def show_logs(s: Settings) -> None:
    """Write the app's, uvicorn's and the scheduler's lines to stderr, one format for all
    (`SEGUIMIENTO_LOG_FORMAT`: json by default, text to read in a terminal)."""
    logs.configure(s.log_format, s.log_level)


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"Error: {message}", err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def settings() -> Settings:
    return get_settings()


def missing_database(url: str) -> Path | None:
    """The SQLite file a URL names when it does not exist yet (connecting would create it
    empty); None for a file that exists, an in-memory database or another server."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or name in (None, "", ":memory:"):
        return None
    if name.startswith("file:") or parsed.query.get("mode") == "memory":
        return None
    path = Path(name)
    return None if path.exists() else path


def database_url() -> str:
    """The configured database, for a command that needs it; a SQLite file that does not exist
    ends the command (status 1) before anything connects, so no empty file is left behind."""
    url = settings().database_url
    missing = missing_database(url)
    if missing is not None:
        raise fail(
            f"No hay base de datos en {missing.resolve()}; ejecute `seguimiento init` primero."
        )
    return url


def init() -> None:
    """Crea la base de datos o la actualiza a la versión más reciente del esquema, y guarda en
    .env una clave secreta aleatoria si no hay ninguna."""
    s = settings()
    migrate.upgrade(s.database_url)
    typer.echo(f"Base de datos lista: {s.database_url}")
    env_file = Path(".env")
    if secret_key.ensure_in_env_file(env_file):
        typer.echo(f"Clave secreta nueva guardada en {env_file.resolve()} ({secret_key.ENV_NAME}).")


def require_own_secret(s: Settings, *, listen_host: str | None) -> None:
    """Refuse to start with the published example key where others could reach the server."""
    reason = secret_key.refusal(s, listen_host=listen_host)
    if reason is not None:
        raise fail(reason, 2)


def demo() -> None:
    """Carga los datos de demostración (solo en una base de datos vacía, creada con `init`)."""
    s = settings()
    engine = make_engine(database_url())
    with unit_of_work(session_factory(engine, write=True)) as session:
        if not demo_data.is_empty(session=session):
            typer.echo("La base de datos ya tiene datos; no se cargó la demostración.")
            return
        summary = demo_data.load(session=session, tz=s.tz)
    typer.echo("Datos de demostración cargados (ilustrativos, no oficiales):")
    for line in summary:
        typer.echo(f"  {line}")


def serve(
    host: Annotated[str, typer.Option(help="Dirección en la que escucha")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Puerto")] = 8000,
    scheduler: Annotated[
        bool,
        typer.Option(
            "--scheduler/--no-scheduler", help="Ejecutar también las revisiones programadas"
        ),
    ] = True,
) -> None:
    """Sirve la API y las páginas (y, salvo --no-scheduler, las revisiones programadas)."""
    import uvicorn

    from api.app import create_app

    s = settings()
    require_own_secret(s, listen_host=host)  # a refusal says why, database or not
    database_url()
    show_logs(s)
    if not s.email_on:
        from notifications.channels import email

        logging.getLogger("seguimiento.notifications").warning(email.OFF)
    from api import access_log

    access_log.install()  # the calendar feed's secret never reaches a log line
    app_ = create_app(s, with_scheduler=scheduler)
    # uvicorn's own access line is off: `api.request_log` writes one line per request, with
    # its id, the person, the route's template and the duration.
    uvicorn.run(app_, host=host, port=port, log_config=None, access_log=False)


def parse_day(text: str, option: str) -> date:
    """A date typed on the command line; a typo or a year outside 1900–2200 is a usage error."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} debe ser una fecha AAAA-MM-DD; recibí «{text}».", 2) from None
    if not business_calendar.FIRST_DAY <= day <= business_calendar.LAST_DAY:
        raise fail(
            f"{option} debe ser una fecha entre {business_calendar.FIRST_DAY.isoformat()} y "
            f"{business_calendar.LAST_DAY.isoformat()}; recibí «{text}».",
            2,
        )
    return day


def writers() -> sessionmaker[Session]:
    """Write sessions on the configured database, for a command that changes data."""
    return session_factory(make_engine(database_url()), write=True)


@contextmanager
def work(*, write: bool = False, code: int = 1) -> Iterator[Session]:
    """One unit of work on the configured database (committed if the block ends well); a refused
    change (`DomainError`) ends the command with its Spanish message and exit status `code`."""
    engine = make_engine(database_url())
    try:
        with unit_of_work(session_factory(engine, write=write)) as session:
            yield session
    except DomainError as exc:
        raise fail(exc.detail, code) from None
    finally:
        engine.dispose()
