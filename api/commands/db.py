"""`seguimiento db current|upgrade|downgrade`: the schema's version, for operators.

`seguimiento init` stays the newcomer's one command (it also writes a secret key); these are for
a deployment that upgrades in a release step, or steps back before rolling back a release.
"""

from __future__ import annotations

from typing import Annotated

import typer
from alembic.util.exc import CommandError

from api.commands.core import fail, settings
from workflow.runtime import migrate


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Versión del esquema de la base de datos (migraciones).", no_args_is_help=True
    )
    group.command("current")(current)
    group.command("upgrade")(upgrade)
    # «-1» (one step back) is a revision, not an option
    group.command("downgrade", context_settings={"ignore_unknown_options": True})(downgrade)
    app.add_typer(group, name="db")


def current() -> None:
    """Muestra la versión del esquema de la base de datos y si es la más reciente."""
    state = migrate.state(settings().database_url)
    here = state.current or "ninguna (base vacía: ejecute «seguimiento db upgrade»)"
    typer.echo(f"Versión actual: {here}")
    typer.echo(f"Versión más reciente: {state.head}")
    if state.current == state.head:
        typer.echo("La base de datos está al día.")
    else:
        raise typer.Exit(3)


def upgrade(
    revision: Annotated[str, typer.Argument(help="Versión de destino")] = "head",
) -> None:
    """Actualiza el esquema hasta REVISION (por omisión, la más reciente)."""
    _move(migrate.upgrade_to, revision)


def downgrade(
    revision: Annotated[str, typer.Argument(help="Versión de destino, p. ej. 0011 o -1")],
) -> None:
    """Regresa el esquema hasta REVISION. Puede borrar datos de tablas o columnas nuevas:
    haga antes una copia de la base de datos."""
    _move(migrate.downgrade_to, revision)


def _move(step: migrate.Step, revision: str) -> None:
    url = settings().database_url
    try:
        step(url, revision)
    except CommandError as exc:
        raise fail(f"No se pudo llevar el esquema a «{revision}»: {exc}", 2) from None
    typer.echo(f"Esquema en la versión {migrate.state(url).current or 'ninguna'}.")
