"""Rules from domain events to recipients and channels; one delivery per recipient and channel."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from notifications import fanout, preferences
from tests.factories import Factory
from workflow import checks
from workflow.engine.fire import fire
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


def deliveries(session: Session) -> list[Delivery]:
    return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def run_checks(session: Session, settings: Settings, day: date) -> None:
    checks.run(session=session, clock=Clock.on(day, settings.tz), settings=settings)


def test_overdue_goes_to_the_responsible_areas_by_mail_inbox_and_teams(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    lead, co, other = make.area(), make.area(), make.area()
    lead.teams_webhook_url = "https://example.test/workflows/lead?sig=x"
    head, link = make.person("area", lead), make.person("area", co)
    make.person("area", other)
    make.person("secretariat")
    a = make.agreement([lead, co], deadline=date(2024, 6, 7))
    fanout.fan_out(session=session, settings=settings, clock=clock)  # the creation: silent
    assert deliveries(session) == []

    run_checks(session, settings, date(2024, 6, 10))
    report = fanout.fan_out(session=session, settings=settings, clock=clock)
    rows = [d for d in deliveries(session) if d.kind == "agreement.overdue"]
    assert {(d.channel, d.user_id) for d in rows} == {
        ("email", head.user.id),
        ("inapp", head.user.id),
        ("email", link.user.id),
        ("inapp", link.user.id),
        ("teams", None),
    }
    email = next(d for d in rows if d.channel == "email")
    assert email.status == "pending" and email.address == head.user.email
    assert email.subject == f"1 día hábil de atraso: {a.title} ({a.key})"
    assert "venció el 7 de junio de 2024" in email.body_text
    assert f"http://seguimiento.test/acuerdos/{a.id}" in email.body_text
    assert email.body_html is not None and f'href="http://seguimiento.test/acuerdos/{a.id}"' in (
        email.body_html
    )
    assert all(d.status == "sent" for d in rows if d.channel == "inapp")
    teams = next(d for d in rows if d.channel == "teams")
    assert teams.card is not None and teams.card["type"] == "AdaptiveCard"
    assert report.queued["email"] >= 2
    assert fanout.fan_out(session=session, settings=settings, clock=clock).events == 0


def test_escalations_and_reported_fulfilments_go_to_the_secretariat(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    secretariat = make.person("secretariat")
    a = make.agreement([area], deadline=date(2024, 5, 20))
    run_checks(session, settings, date(2024, 6, 10))  # 15 business days late
    fire(
        session=session,
        item=a,
        event="report_fulfillment",
        actor=head.actor,
        clock=clock,
        note="Listo",
    )
    fanout.fan_out(session=session, settings=settings, clock=clock)
    mail = {(d.kind, d.user_id) for d in deliveries(session) if d.channel == "email"}
    assert ("agreement.escalated", secretariat.user.id) in mail
    assert ("agreement.escalated", head.user.id) not in mail
    assert ("agreement.report_fulfillment", secretariat.user.id) in mail
    # nobody is told what they did themselves
    assert ("agreement.report_fulfillment", head.user.id) not in mail


def test_state_changes_go_to_whoever_follows_the_item(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    secretariat = make.person("secretariat")
    make.person("member")
    a = make.agreement([area])
    fire(session=session, item=a, event="start", actor=head.actor, clock=clock)
    fire(
        session=session,
        item=a,
        event="report_fulfillment",
        actor=head.actor,
        clock=clock,
        note="Hecho",
    )
    fire(session=session, item=a, event="confirm", actor=secretariat.actor, clock=clock)
    fanout.fan_out(session=session, settings=settings, clock=clock)
    confirm = [d for d in deliveries(session) if d.kind == "agreement.confirm"]
    assert {(d.channel, d.user_id) for d in confirm} == {
        ("email", head.user.id),
        ("inapp", head.user.id),
    }
    assert confirm[0].subject == f"Cumplido: {a.title} ({a.key})"
    assert "La Secretaría Técnica confirmó el cumplimiento el 24 de mayo de 2024." in (
        confirm[0].body_text
    )
    assert "pasó de «En revisión de cumplimiento» a «Cumplido»" in confirm[0].body_text


def test_a_person_who_turns_off_email_keeps_the_inbox(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    preferences.update(
        session=session, actor=head.actor, user_id=head.user.id, changes={"email": False}
    )
    make.agreement([area], deadline=date(2024, 6, 7))
    run_checks(session, settings, date(2024, 6, 10))
    fanout.fan_out(session=session, settings=settings, clock=clock)
    assert {d.channel for d in deliveries(session) if d.kind == "agreement.overdue"} == {"inapp"}
    assert preferences.get(session=session, user_id=head.user.id) == {"email": False, "inapp": True}


def test_digest_lists_the_items_with_links(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    a = make.agreement([area], deadline=date(2024, 6, 7), title="Presentar el calendario")
    run_checks(session, settings, date(2024, 6, 10))
    fanout.fan_out(session=session, settings=settings, clock=clock)
    digest = next(d for d in deliveries(session) if d.kind == "user.digest")
    assert digest.user_id == head.user.id and digest.channel == "email"
    assert digest.subject == "Resumen semanal de seguimiento al 10 de junio de 2024"
    assert "Vencidos (1):" in digest.body_text and "Presentar el calendario" in digest.body_text
    assert f"http://seguimiento.test/acuerdos/{a.id}" in digest.body_text
