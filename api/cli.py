"""The `seguimiento` console script: one Typer app; each command group lives in `api/commands/`."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands import calendar, checks, core, db, reports, spreadsheets, users
from api.version import installed_version

app = typer.Typer(
    help="Seguimiento de acuerdos, convenios y actividades de órganos colegiados.",
    no_args_is_help=True,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"seguimiento {installed_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Muestra la versión y sale."
        ),
    ] = False,
) -> None:
    """Seguimiento de acuerdos, convenios y actividades de órganos colegiados."""


for module in (core, db, users, checks, calendar, reports, spreadsheets):
    module.register(app)
