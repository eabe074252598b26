"""The `seguimiento` console script: one Typer app; each command group lives in `api/commands/`."""

from __future__ import annotations

import typer

from api.commands import checks, core, reports, transfer, users

app = typer.Typer(
    help="Seguimiento de acuerdos, convenios y actividades de órganos colegiados.",
    no_args_is_help=True,
    add_completion=False,
)
for module in (core, users, checks, reports, transfer):
    module.register(app)
