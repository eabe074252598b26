"""The bodies of the scheduled jobs, shared by the scheduler, the command line and the API.

Each is a plain function a test can call with a date. `run_checks` works in the caller's
session; `dispatch` owns its transactions, because sending happens outside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from notifications import dispatcher, fanout
from notifications.dispatcher import DispatchReport, Sender
from notifications.fanout import FanoutReport
from workflow import checks
from workflow.checks import CheckReport
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work
from workflow.runtime.metrics import CHECK_SECONDS
from workflow.runtime.settings import Settings


@dataclass
class ChecksResult:
    report: CheckReport
    fanout: FanoutReport

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.report.day,
            "checks": [f.as_dict() for f in self.report.findings],
            "queued_events": self.report.queued,
            "fanned_out_events": self.fanout.events,
            "deliveries": dict(self.fanout.queued),
        }


def run_checks(
    *, session: Session, settings: Settings, day: date | None = None, clock: Clock | None = None
) -> ChecksResult:
    """Run the checks as of `day` (today by default) and queue their messages.

    A run as of another day than today is recorded as simulated (see `checks.last_run_day`).
    """
    now = clock or Clock(tz=settings.tz)
    as_of = Clock.on(day, settings.tz) if day is not None else now
    simulated = day is not None and day != now.today()
    with CHECK_SECONDS.labels("checks").time():
        report = checks.run(session=session, clock=as_of, settings=settings, simulated=simulated)
    with CHECK_SECONDS.labels("fanout").time():
        fanned = fanout.fan_out(session=session, settings=settings, clock=now)
    return ChecksResult(report=report, fanout=fanned)


def dispatch(
    *,
    factory: sessionmaker[Session],
    settings: Settings,
    clock: Clock | None = None,
    send: dict[str, Sender] | None = None,
    deliver: bool = True,
) -> tuple[FanoutReport, DispatchReport]:
    """Queue the messages of new domain events, then (unless `deliver` is false, when
    `dispatch --worker` processes deliver) everything that is due."""
    now = clock or Clock(tz=settings.tz)
    with CHECK_SECONDS.labels("fanout").time(), unit_of_work(factory) as session:
        fanned = fanout.fan_out(session=session, settings=settings, clock=now)
    if not deliver:
        return fanned, DispatchReport()
    with CHECK_SECONDS.labels("dispatch").time():
        sent = dispatcher.run(factory=factory, settings=settings, clock=now, send=send)
    return fanned, sent
