"""The scheduler: every job, by dotted id, in this one module (APScheduler 3.x).

- `checks.daily`: the checks, daily at `checks_hour:checks_minute` institution time, then the
  sweep of evidence files no committed row names;
- `notifications.dispatch`: fan out new events and deliver the outbox, every
  `dispatch_interval_seconds` (only fan out when `dispatch_in_scheduler` is false: then
  `dispatch --worker` processes deliver);
- `checks.catch_up`: once, when a scheduler takes the lead and the last run is older than the
  latest daily run that should have happened — one run, not one per missed day (the checks'
  dedupe keys make that one run cover the missed days).

Only the leader schedules (see `api.leader`); `run` waits for the lead, keeps it while its lock
connection answers, and stops cleanly when asked.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from api import jobs
from api.context import AppContext
from api.leader import lock_for
from notifications.dispatcher import DispatchReport
from notifications.fanout import FanoutReport
from states.dates_es import long_date
from states.delivery import channel_counts
from workflow import checks
from workflow.engine import evidence, file_store
from workflow.runtime.db import unit_of_work
from workflow.runtime.metrics import LEADER
from workflow.runtime.settings import Settings

log = logging.getLogger("seguimiento.scheduler")


def checks_said(result: jobs.ChecksResult) -> str:
    """«Revisión diaria del 10 de junio de 2024: 3 acuerdos vencidos, 2 acuerdos por vencer;
    5 avisos en cola (correo 3, bandeja 2).»: a log line a person reads, not a dict."""
    found = [
        f"{f.found} {checks.LABELS.get(f.check, f.check).lower()}"
        for f in result.report.findings
        if f.found
    ]
    queued = sum(result.fanout.queued.values())
    return (
        f"Revisión diaria del {long_date(result.report.day)}: "
        f"{', '.join(found) or 'nada vencido ni por vencer'}; "
        f"{queued} avisos en cola ({channel_counts(dict(result.fanout.queued))})."
    )


def dispatch_said(fanned: FanoutReport, sent: DispatchReport) -> str:
    """«Envíos: 4 avisos nuevos en cola (correo 2, bandeja 2); 2 enviados, 0 por reintentar,
    0 fallidos.»"""
    counts = sent.counts
    line = (
        f"Envíos: {sum(fanned.queued.values())} avisos nuevos en cola "
        f"({channel_counts(dict(fanned.queued))}); {counts['sent']} enviados, "
        f"{counts['retry']} por reintentar, {counts['failed']} fallidos"
    )
    if counts["requeued"]:
        line += f", {counts['requeued']} fallidos vueltos a la cola"
    return line + "."


def checks_daily(ctx: AppContext) -> None:
    with unit_of_work(ctx.writers) as session:
        result = jobs.run_checks(session=session, settings=ctx.settings)
    log.info("%s", checks_said(result))
    with unit_of_work(ctx.sessions) as session:
        swept = evidence.sweep(
            session=session, files=file_store.of(ctx.settings), now=datetime.now(ctx.settings.tz)
        )
    if swept.finished or swept.removed:
        log.info(
            "Archivos de evidencia: %d puestos en su lugar, %d sin registro borrados.",
            swept.finished,
            swept.removed,
        )


def notifications_dispatch(ctx: AppContext) -> None:
    fanned, sent = jobs.dispatch(
        factory=ctx.writers, settings=ctx.settings, deliver=ctx.settings.dispatch_in_scheduler
    )
    if fanned.events or sent.counts:
        log.info("%s", dispatch_said(fanned, sent))


def latest_due_run(settings: Settings, now: datetime) -> date:
    """The day of the most recent daily run that should have happened by `now`."""
    local = now.astimezone(settings.tz)
    at = time(settings.checks_hour, settings.checks_minute)
    return local.date() if local.time() >= at else local.date() - timedelta(days=1)


def catch_up_due(ctx: AppContext, now: datetime) -> bool:
    """Whether the last real run is older than the latest one due by `now` (simulated runs,
    and runs dated after today, do not count)."""
    with unit_of_work(ctx.sessions) as session:
        last = checks.last_run_day(session=session, today=now.astimezone(ctx.settings.tz).date())
    return last is None or last < latest_due_run(ctx.settings, now)


def build(ctx: AppContext, now: datetime | None = None) -> BackgroundScheduler:
    """A scheduler with every job; not started."""
    s = ctx.settings
    scheduler = BackgroundScheduler(
        timezone=s.tz,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    scheduler.add_job(
        checks_daily,
        CronTrigger(hour=s.checks_hour, minute=s.checks_minute, timezone=s.tz),
        args=[ctx],
        id="checks.daily",
    )
    now = now or datetime.now(s.tz)
    scheduler.add_job(
        notifications_dispatch,
        IntervalTrigger(seconds=s.dispatch_interval_seconds, timezone=s.tz),
        args=[ctx],
        id="notifications.dispatch",
        next_run_time=now,
    )
    if catch_up_due(ctx, now):
        scheduler.add_job(checks_daily, args=[ctx], id="checks.catch_up", next_run_time=now)
    return scheduler


def run(ctx: AppContext, stop: threading.Event, say: Callable[[str], None] = log.info) -> None:
    """Wait for the lead, schedule while it lasts, and return when `stop` is set."""
    lock = lock_for(ctx.settings.database_url)
    poll = ctx.settings.scheduler_poll_seconds
    waiting_said = False
    try:
        while not stop.is_set():
            if not lock.try_acquire():
                if not waiting_said:
                    say("Otro programador está activo; este espera su turno.")
                    waiting_said = True
                stop.wait(poll)
                continue
            scheduler = build(ctx)
            scheduler.start()
            LEADER.set(1)
            say("Programador activo: revisiones y envíos en marcha.")
            try:
                while not stop.wait(poll):
                    if not lock.held():
                        say("Se perdió la conexión del candado; el programador se detiene.")
                        break
            finally:
                LEADER.set(0)
                scheduler.shutdown(wait=True)
                lock.release()
            waiting_said = False
    finally:
        lock.dispose()


class Background:
    """The scheduler in a thread of the web process (`seguimiento serve`)."""

    def __init__(self, ctx: AppContext) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=run, args=(ctx, self._stop), name="seguimiento-scheduler", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
