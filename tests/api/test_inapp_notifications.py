"""In-app notifications read as notifications — a title, a line and a link to the item, not the
e-mail's body with its signature — and opening the item reads them."""

from __future__ import annotations

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


def overdue_alerts(
    make: Factory, session: Session, settings: Settings
) -> tuple[int, list[Delivery]]:
    area = make.area()
    head = person(make, "area", area)
    a = make.agreement([area], deadline=date(2024, 6, 7), title="Presentar el calendario")
    alert(make, session, settings)
    rows = list(session.scalars(select(Delivery).where(Delivery.user_id == head.user.id)))
    return a.id, rows


def alert(make: Factory, session: Session, settings: Settings) -> None:
    """Creation is silent; the check on 10 June finds the agreements overdue and tells."""
    fanout.fan_out(session=session, settings=settings, clock=make.clock)
    day = Clock.on(date(2024, 6, 10), settings.tz)
    checks.run(session=session, clock=day, settings=settings)
    fanout.fan_out(session=session, settings=settings, clock=day)


def test_an_in_app_notification_has_no_signature_or_preferences_line(
    make: Factory, session: Session, settings: Settings
) -> None:
    agreement_id, rows = overdue_alerts(make, session, settings)
    inapp = next(d for d in rows if d.channel == "inapp" and d.item_id == agreement_id)
    email = next(d for d in rows if d.channel == "email" and d.item_id == agreement_id)
    assert "preferencias" in email.body_text and "Mensaje automático" in email.body_text
    assert "preferencias" not in inapp.body_text and "Mensaje automático" not in inapp.body_text
    assert "--" not in inapp.body_text and "http" not in inapp.body_text
    assert "venció el 7 de junio de 2024" in inapp.body_text
    assert len(inapp.body_text.strip().splitlines()) <= 2
    assert inapp.subject == email.subject


def test_opening_the_item_marks_its_notifications_read_for_that_person(
    api: TestClient, make: Factory, session: Session, settings: Settings
) -> None:
    area = make.area()
    head = person(make, "area", area)
    secretariat = person(make, "secretariat")
    a = make.agreement([area], deadline=date(2024, 6, 7), title="Presentar el calendario")
    other = make.agreement([area], deadline=date(2024, 6, 7), title="Otro acuerdo")
    alert(make, session, settings)

    def unread(item_id: int) -> int:
        session.expire_all()
        return len(
            session.scalars(
                select(Delivery).where(
                    Delivery.user_id == head.user.id,
                    Delivery.channel == "inapp",
                    Delivery.item_id == item_id,
                    Delivery.read_at.is_(None),
                )
            ).all()
        )

    assert unread(a.id) == 1 and unread(other.id) == 1
    sign_in(api, secretariat)
    assert api.get(f"/acuerdos/{a.id}").status_code == 200
    assert unread(a.id) == 1, "another person opening the item reads nothing of the head's"

    sign_in(api, head)
    inbox = api.get("/notificaciones").text
    assert f'href="/acuerdos/{a.id}"' in inbox and "2 sin leer" in inbox
    assert "Mensaje automático" not in inbox and "preferencias en el sistema" not in inbox
    assert api.get(f"/acuerdos/{a.id}").status_code == 200
    assert unread(a.id) == 0 and unread(other.id) == 1
    assert "1 sin leer" in api.get("/notificaciones").text
