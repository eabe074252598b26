"""`check`, `dispatch`, `scheduler` and `calendar`: the scheduled work and the business calendar,
thin callers of `workflow` and `notifications`."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, date, datetime
from typing import Annotated, Any

import typer

from api.commands.core import CLI_ACTOR, fail, require_own_secret, settings, show_logs
from api.context import AppContext
from workflow import calendar as business_calendar
from workflow import calendar_days
from workflow.checks import LABELS
from workflow.db import make_engine, session_factory, unit_of_work
from workflow.errors import DomainError

calendar = typer.Typer(
    help="Días inhábiles de la institución y periodos en que todos los días cuentan.",
    no_args_is_help=True,
)

CHANNELS = {"email": "correo", "teams": "Teams", "inapp": "bandeja"}


def register(app: typer.Typer) -> None:
    """Add `check`, `dispatch`, `scheduler` and `calendar` to the `seguimiento` app."""
    app.command()(check)
    app.command()(dispatch)
    app.command()(scheduler)
    app.add_typer(calendar, name="calendar")


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


def _writers() -> Any:
    return session_factory(make_engine(settings().database_url), write=True)


def _channels(counts: dict[str, int]) -> str:
    return ", ".join(f"{CHANNELS.get(c, c)} {n}" for c, n in sorted(counts.items())) or "ninguno"


def check(
    at: Annotated[
        str | None, typer.Option("--at", help="Revisar como si hoy fuera AAAA-MM-DD")
    ] = None,
) -> None:
    """Ejecuta las revisiones una vez y dice qué encontró y qué dejó en cola."""
    day = parse_day(at, "--at") if at else None
    try:
        with unit_of_work(_writers()) as session:
            from api import jobs  # the delivery stack loads only for the commands that use it

            result = jobs.run_checks(session=session, settings=settings(), day=day)
    except DomainError as exc:
        raise fail(exc.detail) from None
    typer.echo(f"Revisión al {result.report.day.isoformat()}:")
    for finding in result.report.findings:
        line = f"  {LABELS.get(finding.check, finding.check)}: {finding.found} encontrados"
        line += f", {len(finding.queued)} nuevos"
        if finding.queued:
            line += ": " + ", ".join(e.label for e in finding.queued)
        typer.echo(line)
    typer.echo(
        f"Avisos nuevos: {result.report.queued}. "
        f"Mensajes en cola: {_channels(dict(result.fanout.queued))}."
    )


def dispatch(
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="Antes de entregar, vuelve a poner en cola los envíos fallidos"
        ),
    ] = False,
) -> None:
    """Entrega una vez las notificaciones pendientes (correo, Teams)."""
    from api import jobs
    from notifications import retries

    if retry_failed:
        with unit_of_work(_writers()) as session:
            count = retries.retry_failed(session=session, actor=CLI_ACTOR, now=datetime.now(UTC))
        typer.echo(f"Envíos fallidos puestos de nuevo en cola: {count}.")
    fanned, sent = jobs.dispatch(factory=_writers(), settings=settings())
    counts = sent.counts
    typer.echo(
        f"Mensajes nuevos en cola: {_channels(dict(fanned.queued))}. "
        f"Enviados: {counts['sent']}; por reintentar: {counts['retry']}; "
        f"fallidos: {counts['failed']}."
    )


def scheduler() -> None:
    """Ejecuta solo el programador de revisiones y envíos, hasta recibir SIGTERM o Ctrl+C."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    require_own_secret(settings(), listen_host=None)
    show_logs()
    ctx = AppContext.from_settings(settings())
    typer.echo(f"Programador iniciado (zona horaria {ctx.settings.timezone}).")
    from api import scheduler as scheduler_

    scheduler_.run(ctx, stop, say=typer.echo)
    typer.echo("Programador detenido.")


@calendar.command("list")
def calendar_list(
    year: Annotated[int | None, typer.Option(help="Año (por omisión, todos)")] = None,
) -> None:
    """Lista los días inhábiles declarados, los periodos y los días de descanso federales."""
    engine = make_engine(settings().database_url)
    start, end = (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
    with unit_of_work(session_factory(engine)) as session:
        days = calendar_days.list_days(session=session, start=start, end=end)
        periods = calendar_days.list_periods(session=session)
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
    try:
        with unit_of_work(_writers()) as session:
            calendar_days.add_day(
                session=session, actor=CLI_ACTOR, day=when, reason=reason, reference=reference
            )
    except DomainError as exc:
        raise fail(exc.detail, 2) from None
    typer.echo(f"Día inhábil declarado: {when.isoformat()} ({reason}).")


@calendar.command("remove")
def calendar_remove(day: Annotated[str, typer.Argument(metavar="DATE")]) -> None:
    """Quita un día inhábil declarado."""
    when = parse_day(day, "DATE")
    try:
        with unit_of_work(_writers()) as session:
            calendar_days.remove_day(session=session, actor=CLI_ACTOR, day=when)
    except DomainError as exc:
        raise fail(exc.detail, 2) from None
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
    try:
        with unit_of_work(_writers()) as session:
            row = calendar_days.add_period(
                session=session,
                actor=CLI_ACTOR,
                name=name,
                start=first,
                end=last,
                reference=reference,
            )
            typer.echo(f"Periodo [{row.id}] declarado: {first} a {last} ({name}).")
    except DomainError as exc:
        raise fail(exc.detail, 2) from None


@calendar.command("remove-period")
def calendar_remove_period(period_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Quita un periodo de días corridos."""
    try:
        with unit_of_work(_writers()) as session:
            calendar_days.remove_period(session=session, actor=CLI_ACTOR, period_id=period_id)
    except DomainError as exc:
        raise fail(exc.detail, 2) from None
    typer.echo(f"Periodo {period_id} eliminado.")
