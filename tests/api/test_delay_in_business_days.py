"""Pages and e-mails count delay the same way: business days, said so."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from notifications import fanout
from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow import checks
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


def test_the_page_and_the_alert_say_the_same_business_days_of_delay(
    api: TestClient, make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    make.person("area", area)
    late = make.agreement([area], deadline=date(2024, 5, 17), title="Presentar el calendario")
    today = Clock(tz=settings.tz)  # the pages' clock is the real one
    checks.run(session=session, clock=today, settings=settings)
    fanout.fan_out(session=session, settings=settings, clock=clock)
    alert = session.scalars(
        select(Delivery).where(Delivery.kind == "agreement.overdue", Delivery.channel == "email")
    ).first()
    assert alert is not None
    said = re.search(r"lleva (\d+) días hábiles de atraso", alert.body_text)
    assert said, alert.body_text
    calendar_days = (today.today() - date(2024, 5, 17)).days

    sign_in(api, person(make, "member"))
    page = api.get(f"/acuerdos/{late.id}")
    assert page.status_code == 200
    assert f"({said.group(1)} días hábiles de atraso)" in page.text
    assert f"{calendar_days} días de atraso" not in page.text
