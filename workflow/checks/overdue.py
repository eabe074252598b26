"""Overdue: alert the responsible areas the first business day after the deadline, then every
N business days (default 5) while the item stays open; after M business days late (default 10)
escalate it to the secretariat, once per deadline.

The overdue items come from one indexed query (`state`, `deadline`); how late each is, in
business days, is counted once per distinct deadline by walking back from today. The stage
(`(late - 1) // N`) is part of the dedupe key, so a run after downtime sends only the alert of
the current stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.calendar import business_days
from workflow.calendar.business_days import BusinessCalendar
from workflow.checks.emit import Finding, NewEvent, emit
from workflow.items.kinds import STORED
from workflow.items.listing import T, overdue_clause
from workflow.models import Activity, Agreement
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


def business_days_late(
    calendar: BusinessCalendar, deadlines: Iterable[date], today: date
) -> dict[date, int]:
    """For each deadline, the business days in (deadline, today], counted in one walk."""
    late: dict[date, int] = {}
    total, upper = 0, today
    for deadline in sorted(set(deadlines), reverse=True):
        total += calendar.business_days_between(deadline, upper)
        upper = deadline
        late[deadline] = total
    return late


def days_late(*, session: Session, deadline: date, today: date) -> int:
    """How late one item is, in business days, as its overdue alerts count it (the pages say
    the same number the e-mails do)."""
    return business_days.load(session=session).business_days_between(deadline, today)


def run(
    *, session: Session, clock: Clock, settings: Settings, calendar: BusinessCalendar
) -> list[Finding]:
    args: dict[str, Any] = {
        "session": session,
        "clock": clock,
        "settings": settings,
        "calendar": calendar,
    }
    return [*_check(Agreement, **args), *_check(Activity, **args)]


def _check(
    model: type[T],
    *,
    session: Session,
    clock: Clock,
    settings: Settings,
    calendar: BusinessCalendar,
) -> list[Finding]:
    today = clock.today()
    every = max(settings.overdue_repeat_days, 1)
    rows = session.execute(
        select(model.id, model.key, STORED[model.kind].deadline).where(overdue_clause(model, today))
    ).all()
    late = business_days_late(calendar, (row[2] for row in rows), today)
    alerts, escalations = [], []
    for item_id, key, due in rows:
        days = late[due]
        if days < 1:  # the deadline passed on a weekend or holiday: not yet a business day
            continue
        payload = {"deadline": due.isoformat(), "business_days_late": days}
        prefix = f"{model.kind}:{item_id}"
        stage = (days - 1) // every
        alerts.append(
            NewEvent(
                name=f"{model.kind}.overdue",
                item_kind=model.kind,
                item_id=item_id,
                dedupe_key=f"{prefix}:overdue:{due.isoformat()}:{stage}",
                label=key,
                payload={**payload, "stage": stage},
            )
        )
        if days >= settings.escalate_after_days:
            escalations.append(
                NewEvent(
                    name=f"{model.kind}.escalated",
                    item_kind=model.kind,
                    item_id=item_id,
                    dedupe_key=f"{prefix}:escalated:{due.isoformat()}",
                    label=key,
                    payload=payload,
                )
            )
    findings = []
    for name, events in (("overdue", alerts), ("escalated", escalations)):
        finding = Finding(check=f"{model.kind}.{name}", found=len(events))
        finding.queued = emit(session=session, clock=clock, events=events)
        findings.append(finding)
    return findings
