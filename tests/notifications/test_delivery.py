"""Delivery through real receivers: what arrives by mail and in Teams, retries with backoff,
permanent failures, the last attempt, and an admin's retry."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from notifications import dispatcher, fanout
from tests.e2e.running import free_port
from tests.factories import Factory
from tests.mailserver import Mailbox, TeamsReceiver, smtp_server
from tests.notifications.outbox_rows import deliveries
from workflow import checks
from workflow.models import Agreement, Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

DAY = date(2024, 6, 11)  # a Tuesday: overdue alerts for a deadline of Friday 7 June


def overdue_agreement(make: Factory, *, people: int = 1, webhook: str | None = None) -> Agreement:
    area = make.area()
    area.teams_webhook_url = webhook
    for _ in range(people):
        make.person("area", area)
    return make.agreement([area], deadline=date(2024, 6, 7), title="Presentar el calendario")


def queue(session: Session, settings: Settings, clock: Clock) -> None:
    checks.run(session=session, clock=Clock.on(DAY, settings.tz), settings=settings)
    fanout.fan_out(session=session, settings=settings, clock=clock)


def later(clock: Clock, seconds: float) -> Clock:
    return Clock(tz=clock.tz, fixed=clock.now() + timedelta(seconds=seconds))


def rows(session: Session, channel: str) -> list[Delivery]:
    return deliveries(session, kind="agreement.overdue", channel=channel)


def test_the_mail_that_arrives(
    make: Factory,
    session: Session,
    mail_settings: Settings,
    mailbox: Mailbox,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    a = overdue_agreement(make)
    queue(session, mail_settings, clock)
    report = dispatcher.run(factory=factory, settings=mail_settings, clock=clock)
    overdue = [m for m in mailbox.messages if "de atraso: " in m["Subject"]]
    assert len(overdue) == 1
    message = overdue[0]
    row = rows(session, "email")[0]
    assert message["To"] == f"Persona area <{row.address}>"
    assert mailbox.recipients[mailbox.messages.index(message)] == [row.address]
    assert message["From"] == f"Seguimiento de acuerdos <{mail_settings.smtp_from}>"
    assert message["Subject"] == f"2 días hábiles de atraso: Presentar el calendario ({a.key})"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    body = text.get_content()  # type: ignore[attr-defined]
    assert "venció el 7 de junio de 2024" in body and "Presentar el calendario" in body
    assert f"Consulte el asunto en: http://seguimiento.test/acuerdos/{a.id}" in body
    assert f'href="http://seguimiento.test/acuerdos/{a.id}"' in html.get_content()  # type: ignore[attr-defined]
    assert int(message["X-Seguimiento-Delivery"]) == row.id
    assert row.status == "sent" and row.attempts == 1 and row.sent_at == clock.now()
    assert report.counts["sent"] == len(mailbox.messages)
    assert dispatcher.run(factory=factory, settings=mail_settings, clock=clock).counts == {}


def test_smtp_down_keeps_rows_pending_with_backoff_then_delivers_each_once(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    port = free_port()
    down = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_timeout": 2.0}
    )
    overdue_agreement(make, people=3)
    queue(session, down, clock)
    report = dispatcher.run(factory=factory, settings=down, clock=clock, rng=random.Random(1))
    pending = rows(session, "email")
    assert report.counts["retry"] >= 3
    for row in pending:
        assert row.status == "pending" and row.attempts == 1
        wait = (row.next_attempt_at - clock.now()).total_seconds()
        assert 15 <= wait <= 30, wait
        assert row.last_error and "rechazó la conexión" in row.last_error
    assert dispatcher.run(factory=factory, settings=down, clock=later(clock, 10)).counts == {}

    with smtp_server(port=port) as box:
        report = dispatcher.run(factory=factory, settings=down, clock=later(clock, 31))
        again = dispatcher.run(factory=factory, settings=down, clock=later(clock, 3600))
    delivered = rows(session, "email")
    assert all(r.status == "sent" and r.attempts == 2 for r in delivered)
    ids = box.delivery_ids()
    assert sorted(ids) == sorted(set(ids)), "each delivery exactly once"
    assert {r.id for r in delivered} <= set(ids)
    assert again.counts == {}


def test_a_permanent_refusal_fails_at_once(
    make: Factory,
    session: Session,
    mail_settings: Settings,
    mailbox: Mailbox,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    overdue_agreement(make)
    queue(session, mail_settings, clock)
    mailbox.reply = "550 5.1.1 Buzón inexistente"
    dispatcher.run(factory=factory, settings=mail_settings, clock=clock)
    row = rows(session, "email")[0]
    assert row.status == "failed" and row.attempts == 1
    assert row.last_error is not None and "550" in row.last_error


def test_after_the_last_attempt_it_is_failed_listed_for_admins_and_retryable(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
    api: TestClient,
) -> None:
    port = free_port()
    s = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "dispatch_max_attempts": 2}
    )
    overdue_agreement(make)
    admin, member = make.person("admin"), make.person("member")
    queue(session, s, clock)
    dispatcher.run(factory=factory, settings=s, clock=clock)
    dispatcher.run(factory=factory, settings=s, clock=later(clock, 3600))
    row = rows(session, "email")[0]
    assert (row.status, row.attempts) == ("failed", 2)

    assert api.get("/api/v1/notifications?status=failed", headers=member.headers).status_code == 403
    listed = api.get("/api/v1/notifications?status=failed", headers=admin.headers).json()
    mine = next(i for i in listed["items"] if i["id"] == row.id)
    assert {i["status"] for i in listed["items"]} == {"failed"}
    assert mine["last_error"].startswith("El servidor de correo 127.0.0.1:")
    assert mine["recipient"] == "Persona area" and mine["attempts"] == 2
    retried = api.post(f"/api/v1/notifications/{row.id}/retry", headers=admin.headers)
    assert retried.status_code == 200 and retried.json()["status"] == "pending"
    again = api.post(f"/api/v1/notifications/{row.id}/retry", headers=admin.headers)
    assert again.status_code == 422

    with smtp_server(port=port) as box:  # the API queued it again as of the wall clock
        dispatcher.run(factory=factory, settings=s, clock=Clock(tz=clock.tz))
    assert row.id in box.delivery_ids()
    assert rows(session, "email")[0].status == "sent"


def test_smtp_login_from_settings(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    with smtp_server(login={"seguimiento": "s3creto"}) as box:
        s = settings.model_copy(
            update={
                "smtp_host": "127.0.0.1",
                "smtp_port": box.port,
                "smtp_user": "seguimiento",
                "smtp_password": SecretStr("s3creto"),
            }
        )
        overdue_agreement(make)
        queue(session, s, clock)
        dispatcher.run(factory=factory, settings=s, clock=clock)
        assert rows(session, "email")[0].status == "sent"
        assert any("de atraso: " in m["Subject"] for m in box.messages)
        wrong = s.model_copy(update={"smtp_password": SecretStr("otra")})
        make.agreement([make.person("area", make.area()).user.area], deadline=date(2024, 6, 7))
        queue(session, wrong, clock)
        dispatcher.run(factory=factory, settings=wrong, clock=clock)
    refused = rows(session, "email")[-1]
    assert refused.status == "pending"
    assert "no aceptó el usuario y la contraseña" in (refused.last_error or "")


def test_the_teams_card_that_arrives_and_how_teams_answers_are_honoured(
    make: Factory,
    session: Session,
    settings: Settings,
    teams: TeamsReceiver,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    a = overdue_agreement(make, people=0, webhook=teams.url)
    queue(session, settings, clock)
    teams.script = [(429, {"Retry-After": "120"}), (500, {})]
    dispatcher.run(factory=factory, settings=settings, clock=clock)
    row = rows(session, "teams")[0]
    assert row.status == "pending" and row.next_attempt_at == clock.now() + timedelta(seconds=120)
    dispatcher.run(factory=factory, settings=settings, clock=later(clock, 119))
    assert len(teams.received) == 1, "Retry-After is honoured"
    dispatcher.run(factory=factory, settings=settings, clock=later(clock, 120))
    row = rows(session, "teams")[0]
    assert row.status == "pending" and row.attempts == 2 and "500" in (row.last_error or "")
    dispatcher.run(factory=factory, settings=settings, clock=later(clock, 3600))
    assert rows(session, "teams")[0].status == "sent"

    posted = teams.received[-1]
    assert posted["type"] == "message"
    attachment = posted["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    assert card["body"][0]["text"] == f"2 días hábiles de atraso: Presentar el calendario ({a.key})"
    facts = {f["title"]: f["value"] for f in card["body"][2]["facts"]}
    assert facts["Clave"] == a.key and facts["Plazo"] == "7 de junio de 2024"
    assert card["actions"][0] == {
        "type": "Action.OpenUrl",
        "title": "Abrir en el sistema",
        "url": f"http://seguimiento.test/acuerdos/{a.id}",
    }


@pytest.mark.parametrize("status", [404, 410])
def test_a_webhook_that_is_gone_fails_permanently(
    status: int,
    make: Factory,
    session: Session,
    settings: Settings,
    teams: TeamsReceiver,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    overdue_agreement(make, people=0, webhook=teams.url)
    queue(session, settings, clock)
    teams.script = [(status, {})]
    dispatcher.run(factory=factory, settings=settings, clock=clock)
    row = rows(session, "teams")[0]
    assert row.status == "failed" and str(status) in (row.last_error or "")


def test_backoff_grows_exponentially_with_jitter_and_a_cap(settings: Settings) -> None:
    rng = random.Random(7)
    for attempts, full in ((1, 30), (2, 60), (3, 120), (8, 3840), (9, 7200), (30, 7200)):
        for _ in range(20):
            assert full / 2 <= dispatcher.backoff(attempts, settings, rng) <= full
