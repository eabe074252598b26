"""Convenio validity: reminders 60, 30 and 7 calendar days before `valid_until`, and on the
day after it, `expire` fired through `fire()` by the system actor.

Like due soon, each reminder stage is a window of `valid_until` dates, (today + the next
smaller stage, today + R], so only the current stage's reminder is sent after downtime.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.dates_es import long_date
from workflow.checks.emit import Finding, NewEvent, emit
from workflow.engine.actors import Actor
from workflow.engine.fire import fire
from workflow.models import Convenio
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

IN_FORCE = "in_force"


def run(*, session: Session, clock: Clock, settings: Settings) -> list[Finding]:
    return [
        _reminders(session=session, clock=clock, settings=settings),
        _expire(session=session, clock=clock),
    ]


def _reminders(*, session: Session, clock: Clock, settings: Settings) -> Finding:
    today = clock.today()
    stages = sorted({r for r in settings.convenio_reminder_days if r >= 0})
    lows = [today, *(today + timedelta(days=r + 1) for r in stages)]
    events = []
    for stage, low in zip(stages, lows, strict=False):
        high = today + timedelta(days=stage)
        rows = session.execute(
            select(Convenio.id, Convenio.key, Convenio.valid_until).where(
                Convenio.state == IN_FORCE,
                Convenio.valid_until >= low,
                Convenio.valid_until <= high,
            )
        )
        events += [
            NewEvent(
                name="convenio.expiring",
                item_kind="convenio",
                item_id=item_id,
                dedupe_key=f"convenio:{item_id}:expiring:{until.isoformat()}:{stage}",
                label=key,
                payload={
                    "valid_until": until.isoformat(),
                    "stage": stage,
                    "days_left": (until - today).days,
                },
            )
            for item_id, key, until in rows
            if until is not None
        ]
    finding = Finding(check="convenio.expiring", found=len(events))
    finding.queued = emit(session=session, clock=clock, events=events)
    return finding


def _expire(*, session: Session, clock: Clock) -> Finding:
    """Convenios in force whose validity ended before today become `expired`."""
    today = clock.today()
    due = session.scalars(
        select(Convenio)
        .where(Convenio.state == IN_FORCE, Convenio.valid_until < today)
        .order_by(Convenio.id)
    ).all()
    finding = Finding(check="convenio.expire", found=len(due))
    system = Actor.system()
    for convenio in due:
        assert convenio.valid_until is not None
        fire(
            session=session,
            item=convenio,
            event="expire",
            actor=system,
            clock=clock,
            note=f"La vigencia concluyó el {long_date(convenio.valid_until)}.",
        )
        finding.queued.append(
            NewEvent(
                name="convenio.expire",
                item_kind="convenio",
                item_id=convenio.id,
                dedupe_key="",
                label=convenio.key,
            )
        )
    return finding
