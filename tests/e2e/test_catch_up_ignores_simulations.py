"""A `check --at` in the future is a simulation: the start-up catch-up still runs on real days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from api import jobs, scheduler
from api.context import AppContext
from tests.databases import sqlite_database
from tests.e2e.running import environment, run
from workflow.models import CheckRun, utcnow
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings


def test_a_simulated_run_in_the_future_does_not_stop_the_catch_up(tmp_path: Path) -> None:
    with sqlite_database(tmp_path) as url:
        ctx = AppContext.from_settings(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
        now = datetime.now(ctx.settings.tz)  # the real clock
        with unit_of_work(ctx.writers) as s:
            s.add(CheckRun(day=now.date() - timedelta(days=4), ran_at=utcnow(), summary={}))
        out = run(environment(url), tmp_path, "check", "--at", "2030-01-01")
        assert "Revisión al 2030-01-01" in out
        with unit_of_work(ctx.sessions) as s:
            future = s.scalars(select(CheckRun).where(CheckRun.day == date(2030, 1, 1))).one()
            assert future.simulated
        assert scheduler.catch_up_due(ctx, now)
        assert "checks.catch_up" in {j.id for j in scheduler.build(ctx, now).get_jobs()}

        # A row dated after today from before runs were marked (not flagged) is ignored too.
        with unit_of_work(ctx.writers) as s:
            s.add(CheckRun(day=date(2031, 1, 1), ran_at=utcnow(), summary={}))
        assert scheduler.catch_up_due(ctx, now)

        with unit_of_work(ctx.writers) as s:
            jobs.run_checks(session=s, settings=ctx.settings)  # today's real run
        assert not scheduler.catch_up_due(ctx, now)
        ctx.engine.dispose()
