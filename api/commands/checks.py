"""`check`, `dispatch` and `scheduler`: the scheduled work, thin callers of `workflow` and
`notifications`."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from typing import Annotated

import typer

from api.commands.core import (
    CLI_ACTOR,
    database_url,
    parse_day,
    require_own_secret,
    settings,
    show_logs,
    work,
    writers,
)
from api.context import AppContext
from states.dates_es import counted
from states.delivery import channel_counts
from workflow.checks import LABELS
from workflow.runtime.db import unit_of_work


def register(app: typer.Typer) -> None:
    """Add `check`, `dispatch` and `scheduler` to the `seguimiento` app."""
    app.command()(check)
    app.command()(dispatch)
    app.command()(scheduler)


def check(
    at: Annotated[
        str | None, typer.Option("--at", help="Revisar como si hoy fuera AAAA-MM-DD")
    ] = None,
) -> None:
    """Ejecuta las revisiones una vez y dice qué encontró y qué dejó en cola."""
    day = parse_day(at, "--at") if at else None
    with work(write=True) as session:
        from api import jobs  # the delivery stack loads only for the commands that use it

        result = jobs.run_checks(session=session, settings=settings(), day=day)
    typer.echo(f"Revisión al {result.report.day.isoformat()}:")
    for finding in result.report.findings:
        label = LABELS.get(finding.check, finding.check)
        line = f"  {label}: {counted(finding.found, 'encontrado')}"
        line += f", {counted(len(finding.queued), 'nuevo')}"
        if finding.queued:
            line += ": " + ", ".join(e.label for e in finding.queued)
        typer.echo(line)
    typer.echo(
        f"Avisos nuevos: {result.report.queued}. "
        f"Mensajes en cola: {channel_counts(dict(result.fanout.queued))}."
    )


def dispatch(
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="Antes de entregar, vuelve a poner en cola los envíos fallidos"
        ),
    ] = False,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker",
            help="Sigue entregando hasta recibir SIGTERM o Ctrl+C (uno o más por servidor)",
        ),
    ] = False,
) -> None:
    """Entrega una vez las notificaciones pendientes (correo, Teams); con --worker, sin parar."""
    from api import jobs
    from notifications import retries

    if worker:
        return dispatch_worker()

    if retry_failed:
        with unit_of_work(writers()) as session:
            count = retries.retry_failed(session=session, actor=CLI_ACTOR, now=datetime.now(UTC))
        typer.echo(f"Envíos fallidos puestos de nuevo en cola: {count}.")
    fanned, sent = jobs.dispatch(factory=writers(), settings=settings())
    counts = sent.counts
    typer.echo(
        f"Mensajes nuevos en cola: {channel_counts(dict(fanned.queued))}. "
        f"Enviados: {counts['sent']}; por reintentar: {counts['retry']}; "
        f"fallidos: {counts['failed']}."
    )


def dispatch_worker() -> None:
    """`dispatch --worker`: lanes that claim, send and mark batches until SIGTERM."""
    from notifications.worker import Worker

    database_url()
    show_logs(settings())
    ctx = AppContext.from_settings(settings())
    worker = Worker(factory=ctx.writers, settings=ctx.settings)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: worker.stop.set())
    s = ctx.settings
    if not s.email_on:
        from notifications.channels import email

        typer.echo(email.OFF)
    typer.echo(
        f"Despachador en marcha: {s.dispatch_concurrency} lotes a la vez de hasta "
        f"{s.dispatch_batch} mensajes; sin pendientes, revisa cada {s.dispatch_poll_seconds:g} s."
    )
    counts = worker.run()
    typer.echo(
        f"Despachador detenido. Enviados: {counts['sent']}; por reintentar: {counts['retry']}; "
        f"fallidos: {counts['failed']}; devueltos a la cola: {counts['released']}."
    )


def scheduler() -> None:
    """Ejecuta solo el programador de revisiones y envíos, hasta recibir SIGTERM o Ctrl+C."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    require_own_secret(settings(), listen_host=None)  # a refusal says why, database or not
    database_url()
    show_logs(settings())
    ctx = AppContext.from_settings(settings())
    typer.echo(f"Programador iniciado (zona horaria {ctx.settings.timezone}).")
    if not ctx.settings.email_on:
        from notifications.channels import email

        typer.echo(email.OFF)
    from api import scheduler as scheduler_

    scheduler_.run(ctx, stop, say=typer.echo)
    typer.echo("Programador detenido.")
