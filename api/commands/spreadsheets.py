"""`seguimiento import` and `seguimiento export`: spreadsheets in and out (SPEC §7).

Both are thin callers of `workflow.spreadsheets`. An import commits only when every row is good;
a refused file prints one line per problem and exits with 1, having written nothing.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.commands.core import database_url, work
from api.errors import invalid_field
from api.schemas.filters import ExportQuery
from states import Role
from states.dates_es import counted
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import DomainError
from workflow.models import User
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.settings import get_settings
from workflow.spreadsheets.exporting import export
from workflow.spreadsheets.file_rows import Limits
from workflow.spreadsheets.import_report import ImportRefused
from workflow.spreadsheets.importing import Progress as OnProgress
from workflow.spreadsheets.importing import check_then_import
from workflow.spreadsheets.transparency import Period

SHOWN_CHANGES = 20
"""Rows listed after an import; the rest are counted."""


class KindName(StrEnum):
    agreements = "agreements"
    convenios = "convenios"
    activities = "activities"
    organs = "organs"
    areas = "areas"


class FormatName(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add `import` and `export` to the `seguimiento` app."""
    app.command("import")(import_command)
    app.command("export")(export_command)


def _actor(session: Session, email: str | None) -> Actor:
    """The person named by --as, or the terminal's administrator labelled with the OS user."""
    if email is None:
        return Actor(
            role=Role.admin,
            user_id=None,
            area_id=None,
            label=f"Administración (terminal, {getpass.getuser()})",
        )
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        raise typer.BadParameter(f"no hay una persona usuaria activa con el correo {email}")
    actor = Actor.of(user)
    require_editor(actor)
    return actor


@contextmanager
def _progress_bar(console: Console) -> Iterator[OnProgress]:
    """A bar on the terminal (none when output is redirected): validating, then importing."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("Leyendo y validando", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, description="Importando", completed=done, total=total)

        yield advance


def import_command(
    kind: Annotated[KindName, typer.Argument(help="Qué se importa")],
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="CSV o XLSX")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validar y contar sin escribir nada")
    ] = False,
    as_email: Annotated[
        str | None,
        typer.Option("--as", help="Correo de la persona que importa (queda en el historial)"),
    ] = None,
) -> None:
    """Importa un archivo CSV o XLSX: todas las filas o ninguna, con el informe de cada problema."""
    settings = get_settings()
    engine = make_engine(database_url())
    console = Console(stderr=True)
    clock = Clock(tz=settings.tz)
    limits = Limits.of(settings)
    data = file.read_bytes()
    try:
        with _progress_bar(console) as on_progress:
            with unit_of_work(session_factory(engine)) as reading:
                actor = _actor(reading, as_email)
            outcome = check_then_import(
                reading=session_factory(engine),
                writing=session_factory(engine, write=True),
                actor=actor,
                clock=clock,
                kind=kind.value,
                data=data,
                filename=file.name,
                limits=limits,
                dry_run=dry_run,
                on_progress=on_progress,
            )
    except ImportRefused as exc:
        typer.secho(exc.detail, err=True, fg=typer.colors.RED)
        for problem in exc.problems:
            typer.echo(f"  {problem.sentence()}", err=True)
        raise typer.Exit(1) from None
    except DomainError as exc:
        typer.secho(f"Error: {exc.detail}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    for line in outcome.summary():
        typer.echo(line)
    for change in outcome.changes[:SHOWN_CHANGES]:
        events = f" ({', '.join(change.events)})" if change.events else ""
        fields = f" [{', '.join(change.fields)}]" if change.fields else ""
        verb = "se crea" if change.action == "create" else "se actualiza"
        typer.echo(f"  fila {change.row}: {change.key} {verb}{fields}{events}")
    if len(outcome.changes) > SHOWN_CHANGES:
        more = len(outcome.changes) - SHOWN_CHANGES
        typer.echo(f"  … y {counted(more, 'fila más', 'filas más')} con cambios.")


def export_command(
    kind: Annotated[KindName, typer.Argument(help="Qué se exporta")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Archivo; sin él, la salida estándar")
    ] = None,
    format: Annotated[
        FormatName | None,
        typer.Option("--format", "-f", help="csv, xlsx o json; por omisión, la extensión o csv"),
    ] = None,
    transparency: Annotated[
        bool,
        typer.Option("--transparency", help="Convenios suscritos en el formato de transparencia"),
    ] = False,
    year: Annotated[
        int | None, typer.Option("--year", help="Ejercicio del formato de transparencia")
    ] = None,
    quarter: Annotated[
        int | None, typer.Option("--quarter", help="Trimestre (1 a 4) del formato de transparencia")
    ] = None,
    state: Annotated[str | None, typer.Option(help="Estado(s), separados por comas")] = None,
    area: Annotated[str | None, typer.Option(help="Clave de un área responsable")] = None,
    organ: Annotated[str | None, typer.Option(help="Clave del órgano")] = None,
    meeting: Annotated[int | None, typer.Option(help="Id de la sesión (acuerdos)")] = None,
    convenio: Annotated[int | None, typer.Option(help="Id del convenio (actividades)")] = None,
    overdue: Annotated[
        bool | None, typer.Option("--overdue/--not-overdue", help="Solo vencidos / no vencidos")
    ] = None,
    relevant: Annotated[
        bool | None,
        typer.Option("--relevant/--not-relevant", help="Solo temas relevantes / los demás"),
    ] = None,
    q: Annotated[str | None, typer.Option("-q", help="Texto a buscar")] = None,
) -> None:
    """Exporta acuerdos, convenios, actividades, órganos o áreas con los filtros de la lista."""
    fmt = format.value if format else _from_suffix(output)
    options = dict(state=state, area=area, organ=organ, meeting=meeting, convenio=convenio)
    options |= dict(overdue=overdue, relevant=relevant, q=q)
    try:
        filters = ExportQuery.model_validate(options).filters()
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        refused = invalid_field(exc, f"--{error['loc'][0]}")
        typer.secho(f"Error: {refused.detail}", err=True, fg=typer.colors.RED)
        raise typer.Exit(2) from None
    clock = Clock(tz=get_settings().tz)
    with work(code=2) as session:
        period = Period.chosen(year, quarter, today=clock.today()) if transparency else None
        done = export(
            session=session,
            kind=kind.value,
            fmt=fmt,
            filters=filters,
            clock=clock,
            transparency_format=transparency,
            period=period,
        )
    if output is None:
        sys.stdout.buffer.write(done.content)
        sys.stdout.flush()
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(done.content)
    exported = counted(done.rows, "fila exportada", "filas exportadas")
    typer.echo(f"{exported} ({fmt}): {output}", err=True)


def _from_suffix(output: Path | None) -> str:
    suffix = output.suffix.lstrip(".").lower() if output else ""
    return suffix if suffix in FormatName.__members__ else "csv"
