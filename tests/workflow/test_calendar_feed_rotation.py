"""Rotating the calendar feed leaves exactly one live secret, even when two rotations race."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.databases import postgres_database, sqlite_database
from tests.factories import ADMIN
from workflow.directory import catalogue
from workflow.models import CalendarFeed, User
from workflow.reports import calendar_feed
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.settings import Settings


@contextmanager
def own_database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        with sqlite_database(tmp_path) as url:
            yield url
    else:
        with postgres_database() as url:
            yield url


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_concurrent_rotations_leave_one_live_secret(backend: str, tmp_path: Path) -> None:
    with own_database(backend, tmp_path) as url:
        engine = make_engine(url)
        writers = session_factory(engine, write=True)
        clock = Clock(tz=Settings(_env_file=None).tz)  # type: ignore[call-arg]
        with unit_of_work(writers) as s:
            user, _ = catalogue.create_user(
                session=s, actor=ADMIN, email="ana@prueba.mx", name="Ana", role="member"
            )
            user_id = user.id
            calendar_feed.rotate(session=s, user=user, clock=clock)  # a live feed already

        first_rotated, secrets, errors = threading.Event(), [], []

        def rotate(hold: float, wait_for: threading.Event | None) -> None:
            try:
                if wait_for is not None:
                    wait_for.wait(10)
                with unit_of_work(writers) as s:
                    person = s.get(User, user_id)
                    assert person is not None
                    secrets.append(calendar_feed.rotate(session=s, user=person, clock=clock))
                    first_rotated.set()
                    threading.Event().wait(hold)  # commit late, while the other one runs
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
                first_rotated.set()

        threads = [
            threading.Thread(target=rotate, args=(0.5, None)),
            threading.Thread(target=rotate, args=(0.0, first_rotated)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        with unit_of_work(writers) as s:
            live = s.scalar(
                select(func.count())
                .select_from(CalendarFeed)
                .where(CalendarFeed.user_id == user_id, CalendarFeed.revoked_at.is_(None))
            )
            assert live == 1
            owners = [calendar_feed.owner(session=s, secret=x) for x in secrets]
            assert [o is not None for o in owners] == [False, True]
        engine.dispose()
