"""The scheduled checks (SPEC §5): due soon, overdue and escalation, convenio validity, digest.

Each check is a set-based query whose output is domain events with a unique dedupe key, so a
run is idempotent the same day and a run after downtime covers the missed days once. `run` is
the job body: the caller's unit of work commits it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.calendar import business_days
from workflow.checks import digest, due_soon, overdue, validity
from workflow.checks.emit import Finding, NewEvent
from workflow.models import CheckRun, utcnow
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

LABELS = {
    "agreement.due_soon": "Acuerdos por vencer",
    "activity.due_soon": "Actividades por vencer",
    "agreement.overdue": "Acuerdos vencidos",
    "agreement.escalated": "Acuerdos escalados a la secretaría técnica",
    "activity.overdue": "Actividades vencidas",
    "activity.escalated": "Actividades escaladas a la secretaría técnica",
    "convenio.expiring": "Convenios próximos a perder vigencia",
    "convenio.expire": "Convenios que pierden vigencia hoy (se marcan vencidos)",
    "user.digest": "Resúmenes semanales",
}
"""How each check is named for people (command line, API, pages)."""


@dataclass
class CheckReport:
    """What one run found and queued, check by check."""

    day: date
    findings: list[Finding] = field(default_factory=list)

    @property
    def queued(self) -> int:
        return sum(len(f.queued) for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "queued": self.queued,
            "checks": [f.as_dict() for f in self.findings],
        }


def run(
    *, session: Session, clock: Clock, settings: Settings, simulated: bool = False
) -> CheckReport:
    """Run every check as of `clock.today()` and record the run.

    `simulated` marks a run as of a day other than the real one (`check --at`), so the
    scheduler's catch-up does not take it for the last real run.
    """
    cal = business_days.load(session=session)
    args: dict[str, Any] = {"session": session, "clock": clock, "settings": settings}
    report = CheckReport(day=clock.today())
    report.findings += due_soon.run(**args, calendar=cal)
    report.findings += overdue.run(**args, calendar=cal)
    report.findings += validity.run(**args)
    report.findings += digest.run(**args, calendar=cal)
    session.add(
        CheckRun(day=report.day, ran_at=utcnow(), summary=report.as_dict(), simulated=simulated)
    )
    session.flush()
    return report


def last_run_day(*, session: Session, today: date | None = None) -> date | None:
    """The latest day the checks really ran as of; the scheduler's catch-up compares it with
    today. Simulated runs never count, nor (given `today`) runs dated after it."""
    stmt = select(func.max(CheckRun.day)).where(CheckRun.simulated.is_(False))
    if today is not None:
        stmt = stmt.where(CheckRun.day <= today)
    return session.scalar(stmt)


__all__ = ["LABELS", "CheckReport", "Finding", "NewEvent", "last_run_day", "run"]
