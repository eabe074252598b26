"""Choices per kind of message and channel: a person who turns off one kind on one channel
keeps every other kind there and that kind on the other channel; the API and the workflow
refuse unknown channels and kinds and save nothing."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from notifications import fanout, preferences
from tests.factories import Factory
from workflow import checks
from workflow.models import Delivery, NotificationKindPreference
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


def test_turning_off_overdue_mail_keeps_due_soon_mail_and_the_overdue_inbox(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    preferences.update_kinds(
        session=session,
        actor=head.actor,
        user_id=head.user.id,
        changes={"email": {"overdue": False}},
    )
    make.agreement([area], deadline=date(2024, 6, 7))
    for day in (date(2024, 6, 6), date(2024, 6, 10)):  # one business day before, then after
        checks.run(session=session, clock=Clock.on(day, settings.tz), settings=settings)
    fanout.fan_out(session=session, settings=settings, clock=clock)
    mine = {
        (d.kind.partition(".")[2], d.channel)
        for d in session.scalars(select(Delivery).where(Delivery.user_id == head.user.id))
    }
    assert ("overdue", "inapp") in mine and ("overdue", "email") not in mine
    assert ("due_soon", "email") in mine


def test_kinds_are_all_on_until_turned_off_and_unknown_ones_are_refused(
    api: TestClient, make: Factory, session: Session
) -> None:
    head = make.person("area", make.area())
    url = "/api/v1/notifications/preferences/kinds"
    start = api.get(url, headers=head.headers).json()
    assert all(start["email"].values()) and "digest" in start["email"]
    assert "digest" not in start["inapp"]  # the weekly digest goes by e-mail only
    r = api.put(url, json={"inapp": {"state_change": False}}, headers=head.headers)
    assert r.status_code == 200 and r.json()["inapp"]["state_change"] is False
    for body in ({"inapp": {"digest": False}}, {"email": {"fax": False}}, {"teams": {}}):
        valid = {"inapp": {"overdue": False}} if "email" in body else {"email": {"overdue": False}}
        bad = api.put(url, json={**valid, **body}, headers=head.headers)
        assert bad.status_code == 422, body
    stored = session.scalars(select(NotificationKindPreference)).all()
    chosen = [(s.channel, s.template, s.enabled) for s in stored]
    assert chosen == [("inapp", "state_change", False)]
