"""The demo on a real clock: loaded with 2024 data and started today, the scheduler's catch-up
queues each item's alert once, as of today, and no e-mail without a mail server (saying so
once at start); a command run where there is no database says to run `init` and creates none."""

from __future__ import annotations

import logging
import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api import scheduler
from api.context import AppContext
from notifications.channels import email
from tests.databases import sqlite_database
from tests.e2e.running import SEGUIMIENTO, Running, environment, wait_for
from workflow import demo
from workflow.models import Delivery, DomainEvent
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings

pytestmark = pytest.mark.e2e


def test_the_start_up_catch_up_on_the_demo_queues_only_todays_alerts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with sqlite_database(tmp_path) as url:
        ctx = AppContext.from_settings(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
        assert not ctx.settings.email_on, "no SMTP_HOST: the e-mail channel is off"
        with unit_of_work(ctx.writers) as s:
            demo.load(session=s, tz=ctx.settings.tz)
        assert "checks.catch_up" in {job.id for job in scheduler.build(ctx).get_jobs()}
        with caplog.at_level(logging.INFO, logger="seguimiento.scheduler"):
            scheduler.checks_daily(ctx)  # the body of the catch-up job
        today = datetime.now(ctx.settings.tz).date()
        with unit_of_work(ctx.sessions) as s:
            alerts = s.execute(
                select(DomainEvent.name, DomainEvent.item_id, DomainEvent.created_at).where(
                    DomainEvent.dedupe_key.is_not(None)
                )
            ).all()
            mail = s.scalar(select(func.count()).where(Delivery.channel == "email"))
            inbox = s.scalar(select(func.count()).where(Delivery.channel == "inapp"))
        assert alerts, "the demo's overdue items are reminded"
        per_item = Counter((name, item) for name, item, _ in alerts)
        assert max(per_item.values()) == 1, "one alert per item and kind, not one per past day"
        assert {at.astimezone(ctx.settings.tz).date() for _, _, at in alerts} == {today}
        assert len(alerts) < 60, f"{len(alerts)} alerts for a demo of a few dozen items"
        assert mail == 0 and inbox and inbox > 0
        (said,) = [r.getMessage() for r in caplog.records if r.name == "seguimiento.scheduler"]
        assert said.startswith("Revisión diaria del ") and "acuerdos vencidos" in said
        assert said.endswith("avisos en cola (bandeja " + str(inbox) + ").")
        assert "{" not in said

        scheduler.checks_daily(ctx)  # again the same day: nothing new
        with unit_of_work(ctx.sessions) as s:
            again = s.scalar(select(func.count()).where(DomainEvent.dedupe_key.is_not(None)))
        assert again == len(alerts)
        ctx.engine.dispose()


def test_the_scheduler_says_once_that_email_is_off(tmp_path: Path) -> None:
    with sqlite_database(tmp_path) as url:
        env = environment(url, scheduler_poll_seconds=0.3, dispatch_interval_seconds=3600)
        running = Running(env, tmp_path, "scheduler")
        try:
            wait_for(lambda: running.said("Programador activo"), "el programador toma el turno")
        finally:
            running.stop()
    assert sum(email.OFF in line for line in running.lines) == 1, running.lines


def test_a_command_without_a_database_says_to_run_init_and_creates_nothing(
    tmp_path: Path,
) -> None:
    env = environment("sqlite:///seguimiento.db")
    done = subprocess.run(
        [SEGUIMIENTO, "report", "1", "-o", "x.pdf"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: No hay base de datos en {tmp_path.resolve() / 'seguimiento.db'}; "
        "ejecute `seguimiento init` primero."
    ]
    assert list(tmp_path.iterdir()) == [], "no empty database file, no report"
