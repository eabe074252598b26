"""`calendar`: the institution's declared non-working days and all-days-count periods, and the
federal holidays, from the command line."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from api.commands.core import CLI_ACTOR, parse_day, work
from workflow.calendar import business_days as business_calendar
from workflow.calendar import declared_days

calendar = typer.Typer(
    help="Días inhábiles de la institución y periodos en que todos los días cuentan.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add `calendar` to the `seguimiento` app."""
    app.add_typer(calendar, name="calendar")


@calendar.command("list")
def calendar_list(
    year: Annotated[int | None, typer.Option(help="Año (por omisión, todos)")] = None,
) -> None:
    """Lista los días inhábiles declarados, los periodos y los días de descanso federales."""
    start, end = (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
    with work() as session:
        days = declared_days.list_days(session=session, start=start, end=end)
        periods = declared_days.list_periods(session=session)
        typer.echo("Días inhábiles declarados:" if days else "No hay días inhábiles declarados.")
        for d in days:
            ref = f" ({d.reference})" if d.reference else ""
            typer.echo(f"  {d.day.isoformat()}  {d.reason}{ref}")
        if periods:
            typer.echo("Periodos en que todos los días son hábiles:")
        for p in periods:
            typer.echo(f"  [{p.id}] {p.start_day.isoformat()} a {p.end_day.isoformat()}  {p.name}")
    if year:
        typer.echo(f"Días de descanso obligatorio federales de {year}:")
        for day, name in business_calendar.BusinessCalendar().federal_holidays(year):
            typer.echo(f"  {day.isoformat()}  {name}")


@calendar.command("add")
def calendar_add(
    day: Annotated[str, typer.Argument(metavar="DATE", help="AAAA-MM-DD")],
    reason: Annotated[str, typer.Option(help="Motivo, p. ej. «Jueves Santo»")],
    reference: Annotated[str | None, typer.Option(help="Acuerdo que lo declaró")] = None,
) -> None:
    """Declara un día inhábil de la institución."""
    when = parse_day(day, "DATE")
    with work(write=True, code=2) as session:
        declared_days.add_day(
            session=session, actor=CLI_ACTOR, day=when, reason=reason, reference=reference
        )
    typer.echo(f"Día inhábil declarado: {when.isoformat()} ({reason}).")


@calendar.command("remove")
def calendar_remove(day: Annotated[str, typer.Argument(metavar="DATE")]) -> None:
    """Quita un día inhábil declarado."""
    when = parse_day(day, "DATE")
    with work(write=True, code=2) as session:
        declared_days.remove_day(session=session, actor=CLI_ACTOR, day=when)
    typer.echo(f"El {when.isoformat()} vuelve a ser día hábil.")


@calendar.command("add-period")
def calendar_add_period(
    name: Annotated[str, typer.Argument(help="p. ej. «Proceso Electoral Local 2023-2024»")],
    start: Annotated[str, typer.Option(help="Primer día (AAAA-MM-DD)")],
    end: Annotated[str, typer.Option(help="Último día (AAAA-MM-DD)")],
    reference: Annotated[str | None, typer.Option(help="Acuerdo que lo declaró")] = None,
) -> None:
    """Declara un periodo en que todos los días y horas son hábiles."""
    first, last = parse_day(start, "--start"), parse_day(end, "--end")
    with work(write=True, code=2) as session:
        row = declared_days.add_period(
            session=session, actor=CLI_ACTOR, name=name, start=first, end=last, reference=reference
        )
        typer.echo(f"Periodo [{row.id}] declarado: {first} a {last} ({name}).")


@calendar.command("remove-period")
def calendar_remove_period(period_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Quita un periodo de días corridos."""
    with work(write=True, code=2) as session:
        declared_days.remove_period(session=session, actor=CLI_ACTOR, period_id=period_id)
    typer.echo(f"Periodo {period_id} eliminado.")
