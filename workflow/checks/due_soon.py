"""Due soon: remind the responsible areas N business days before a deadline (default 5 and 1).

Each stage N is a window of deadlines, (today + the next smaller stage, today + N] in business
days, so one indexed range query per stage finds the items; an item whose earlier reminder
was missed (downtime) gets only the reminder of the stage it is in now.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.calendar.business_days import BusinessCalendar
from workflow.checks.emit import Finding, NewEvent, emit
from workflow.items.kinds import STORED
from workflow.items.listing import is_open
from workflow.models import Activity, Agreement
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


def run(
    *, session: Session, clock: Clock, settings: Settings, calendar: BusinessCalendar
) -> list[Finding]:
    today = clock.today()
    stages = sorted({n for n in settings.due_soon_days if n > 0})
    bounds = [today, *(calendar.add_business_days(today, n) for n in stages)]
    findings = []
    models: tuple[type[Agreement] | type[Activity], ...] = (Agreement, Activity)
    for model in models:
        deadline = STORED[model.kind].deadline
        events = []
        for n, low, high in zip(stages, bounds, bounds[1:], strict=False):
            rows = session.execute(
                select(model.id, model.key, deadline).where(
                    is_open(model), deadline > low, deadline <= high
                )
            )
            events += [
                NewEvent(
                    name=f"{model.kind}.due_soon",
                    item_kind=model.kind,
                    item_id=item_id,
                    dedupe_key=f"{model.kind}:{item_id}:due_soon:{due.isoformat()}:{n}",
                    label=key,
                    payload={
                        "deadline": due.isoformat(),
                        "stage": n,
                        "business_days_left": calendar.business_days_between(today, due),
                    },
                )
                for item_id, key, due in rows
            ]
        finding = Finding(check=f"{model.kind}.due_soon", found=len(events))
        finding.queued = emit(session=session, clock=clock, events=events)
        findings.append(finding)
    return findings
