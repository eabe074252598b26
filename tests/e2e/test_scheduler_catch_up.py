"""After downtime the scheduler makes exactly one catch-up run; the job list is complete."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from api import scheduler
from api.context import AppContext
from tests.databases import sqlite_database
from tests.e2e.running import wait_for
from workflow.models import CheckRun, utcnow
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings


def context(url: str) -> AppContext:
    settings = Settings(
        database_url=url,
        scheduler_poll_seconds=0.2,
        dispatch_interval_seconds=3600,
        _env_file=None,  # type: ignore[call-arg]
    )
    return AppContext.from_settings(settings)


def runs(ctx: AppContext) -> list[date]:
    with unit_of_work(ctx.sessions) as s:
        return list(s.scalars(select(CheckRun.day).order_by(CheckRun.id)))


def test_the_latest_due_run_depends_on_the_hour_of_the_checks() -> None:
    s = Settings(checks_hour=8, _env_file=None)  # type: ignore[call-arg]
    at_seven = datetime(2024, 6, 10, 7, 0, tzinfo=s.tz)
    at_nine = datetime(2024, 6, 10, 9, 0, tzinfo=s.tz)
    assert scheduler.latest_due_run(s, at_seven) == date(2024, 6, 9)
    assert scheduler.latest_due_run(s, at_nine) == date(2024, 6, 10)


def test_after_three_days_down_one_catch_up_run_then_none(tmp_path: Path) -> None:
    with sqlite_database(tmp_path) as url:
        ctx = context(url)
        today = datetime.now(ctx.settings.tz).date()
        with unit_of_work(ctx.writers) as s:
            s.add(CheckRun(day=today - timedelta(days=4), ran_at=utcnow(), summary={}))
        built = scheduler.build(ctx)
        assert {job.id for job in built.get_jobs()} == {
            "checks.daily",
            "notifications.dispatch",
            "checks.catch_up",
        }
        stop = threading.Event()
        thread = threading.Thread(target=scheduler.run, args=(ctx, stop))
        thread.start()
        try:
            wait_for(lambda: len(runs(ctx)) == 2, "la revisión de recuperación")
        finally:
            stop.set()
            thread.join(timeout=30)
        assert runs(ctx)[-1] == today
        ids = {job.id for job in scheduler.build(ctx).get_jobs()}
        assert "checks.catch_up" not in ids, "no second catch-up once today's run is recorded"
        with unit_of_work(ctx.sessions) as s:
            assert s.scalar(select(func.count()).select_from(CheckRun)) == 2
        ctx.engine.dispose()
