"""No alert lost to an outage: an SMTP server down for a day then back delivers every message
once; what ended `failed` for a passing reason goes out when the channel answers again, what
was refused for good does not; admins retry every failed message at once (API, page, CLI);
Teams' `Retry-After` is honoured within [1 s, 1 h]; a row whose lease another dispatcher took
over is neither sent nor marked twice."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from notifications import dispatcher
from notifications.channels import teams as teams_channel
from notifications.lease import Lease
from tests.api.signin import csrf_of, person, sign_in
from tests.e2e.running import free_port
from tests.factories import Factory
from tests.mailserver import TeamsReceiver, smtp_server
from tests.notifications.faulty_mail import faulty_smtp_server
from tests.notifications.test_delivery import overdue_agreement, queue, rows
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings

DAY = timedelta(days=1)


def at(clock: Clock, when: datetime) -> Clock:
    return Clock(tz=clock.tz, fixed=when)


def mail(session: Session) -> list[Delivery]:
    session.expire_all()
    return list(
        session.scalars(select(Delivery).where(Delivery.channel == "email").order_by(Delivery.id))
    )


def smtp_at(settings: Settings, port: int, **more: object) -> Settings:
    return settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_timeout": 2.0, **more}
    )


def test_the_default_schedule_spreads_the_attempts_over_at_least_a_day() -> None:
    shortest, longest = dispatcher.retry_window(Settings(_env_file=None))  # type: ignore[call-arg]
    assert shortest >= 24 * 3600, shortest / 3600
    assert longest <= 3 * 24 * 3600, longest / 3600


def test_an_smtp_outage_of_a_whole_day_loses_nothing_and_sends_each_message_once(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    port = free_port()
    s = smtp_at(settings, port)
    overdue_agreement(make, people=3)
    queue(session, s, clock)
    rng = random.Random(5)
    start = now = clock.now()
    runs = 0
    while now < start + DAY:  # the server stays down; each run comes when a row is next due
        dispatcher.run(factory=factory, settings=s, clock=at(clock, now), rng=rng)
        runs += 1
        waiting = mail(session)
        assert {r.status for r in waiting} == {"pending"}, [r.last_error for r in waiting]
        now = min(r.next_attempt_at for r in waiting)
    assert runs > 20
    assert all("rechazó la conexión" in (r.last_error or "") for r in mail(session))

    back = now + timedelta(seconds=s.dispatch_backoff_max_seconds)  # all due by then
    with smtp_server(port=port) as box:
        report = dispatcher.run(factory=factory, settings=s, clock=at(clock, back))
        after = dispatcher.run(factory=factory, settings=s, clock=at(clock, back + DAY))
    delivered = mail(session)
    assert {r.status for r in delivered} == {"sent"}
    sent = Counter(box.delivery_ids())
    assert set(sent) == {r.id for r in delivered} and max(sent.values()) == 1, "each once"
    assert report.counts["sent"] == len(delivered) and after.counts == {}


def test_failed_in_an_outage_goes_out_when_a_send_works_again_but_a_refusal_stays_failed(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    port = free_port()
    s = smtp_at(settings, port, dispatch_max_attempts=2)
    overdue_agreement(make, people=2)
    queue(session, s, clock)
    dispatcher.run(factory=factory, settings=s, clock=clock)
    dispatcher.run(factory=factory, settings=s, clock=at(clock, clock.now() + timedelta(hours=1)))
    failed = mail(session)
    assert {(r.status, r.failure) for r in failed} == {("failed", "transient")}
    assert all(r.last_error and r.last_error.startswith("El servidor de correo") for r in failed)

    back = clock.now() + timedelta(hours=1, minutes=1)
    with faulty_smtp_server(port=port) as box:
        later = overdue_agreement(make, people=2)  # new alerts: one refused for good, one fine
        queue(session, s, clock)
        refused = next(
            r for r in mail(session) if r.kind == "agreement.overdue" and r.item_id == later.id
        )
        box.refuse[refused.address] = "550 5.1.1 Buzón inexistente"
        report = dispatcher.run(factory=factory, settings=s, clock=at(clock, back))
        assert report.counts["requeued"] == len(failed)
        quiet = dispatcher.run(factory=factory, settings=s, clock=at(clock, back + 3 * DAY))
    assert quiet.counts == {}, "a permanent refusal is not probed nor retried by itself"
    everything = mail(session)
    dead = [r for r in everything if r.address == refused.address]
    assert {(r.status, r.failure, r.attempts) for r in dead} == {("failed", "permanent", 1)}
    assert all("550" in (r.last_error or "") for r in dead)
    sent = Counter(box.delivery_ids())
    assert set(sent) == {r.id for r in everything if r.status == "sent"}
    assert set(sent) == {r.id for r in everything} - {r.id for r in dead}
    assert max(sent.values()) == 1


def test_with_nothing_else_to_send_a_probe_finds_the_channel_back(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    port = free_port()
    s = smtp_at(settings, port, dispatch_max_attempts=2)
    overdue_agreement(make, people=2)
    queue(session, s, clock)
    failed_at = clock.now() + timedelta(hours=1)
    dispatcher.run(factory=factory, settings=s, clock=clock)
    dispatcher.run(factory=factory, settings=s, clock=at(clock, failed_at))
    assert {r.status for r in mail(session)} == {"failed"}
    # still down: one probe per channel and run, and a failed probe waits the longest backoff
    probe_due = failed_at + timedelta(seconds=s.dispatch_backoff_max_seconds)
    down = dispatcher.run(factory=factory, settings=s, clock=at(clock, probe_due))
    assert down.counts == {"probed": 1, "failed": 1}
    with smtp_server(port=port) as box:
        early = dispatcher.run(factory=factory, settings=s, clock=at(clock, failed_at))
        assert early.counts == {} and box.messages == []
        report = dispatcher.run(factory=factory, settings=s, clock=at(clock, probe_due))
    n = len(mail(session))
    assert report.counts == {"probed": 1, "sent": n, "requeued": n - 1}
    assert {r.status for r in mail(session)} == {"sent"}
    assert sorted(box.delivery_ids()) == [r.id for r in mail(session)]


def test_requeues_after_recovery_are_bounded_so_a_stuck_recipient_ends_before_an_admin(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    s = settings.model_copy(update={"dispatch_max_attempts": 1, "dispatch_requeue_limit": 2})
    with faulty_smtp_server() as box:
        s = smtp_at(s, box.port)
        overdue_agreement(make, people=1)
        queue(session, s, clock)
        stuck = mail(session)[0]
        box.refuse[stuck.address] = "452 4.2.2 Buzón lleno"
        now = clock.now()
        for _ in range(5):  # every run, another message goes through
            now += DAY
            make.agreement([make.person("area", make.area()).user.area], deadline=date(2024, 6, 7))
            queue(session, s, clock)
            dispatcher.run(factory=factory, settings=s, clock=at(clock, now))
    row = next(r for r in mail(session) if r.id == stuck.id)
    assert (row.status, row.failure, row.requeues) == ("failed", "transient", 2)
    assert "452" in (row.last_error or "") and "por ahora" in (row.last_error or "")


@pytest.mark.parametrize(
    ("header", "low", "high"),
    [
        ("999999999", 3600, 3600),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 3600, 3600),
        ("Mon, 01 Jan 1990 00:00:00 GMT", 1, 1),
        ("basura; mañana", 15, 30),
    ],
)
def test_teams_retry_after_is_honoured_within_one_second_and_one_hour(
    header: str,
    low: float,
    high: float,
    make: Factory,
    session: Session,
    settings: Settings,
    teams: TeamsReceiver,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    overdue_agreement(make, people=0, webhook=teams.url)
    queue(session, settings, clock)
    teams.script = [(429, {"Retry-After": header})]
    report = dispatcher.run(factory=factory, settings=settings, clock=clock)
    assert report.counts == {"retry": 1}
    row = rows(session, "teams")[0]
    wait = (row.next_attempt_at - clock.now()).total_seconds()
    assert low <= wait <= high, wait
    assert row.status == "pending" and "429" in (row.last_error or "")
    dispatcher.run(factory=factory, settings=settings, clock=at(clock, row.next_attempt_at))
    assert rows(session, "teams")[0].status == "sent"


def test_retry_after_read_from_the_header() -> None:
    now = datetime(2024, 6, 11, 12, tzinfo=UTC)
    assert teams_channel.retry_after("120", now) == 120
    assert teams_channel.retry_after("Tue, 11 Jun 2024 12:02:00 GMT", now) == 120
    assert teams_channel.retry_after("Tue, 11 Jun 2024 12:02:00", now) == 120
    assert teams_channel.retry_after("Tue, 99 Foo 99999 99:99:99 GMT", now) is None
    assert teams_channel.retry_after("1e9", now) is None
    assert teams_channel.retry_after("9" * 5000, now) == 3600
    assert teams_channel.retry_after("0", now) == 1
    assert teams_channel.retry_after("-5", now) is None
    assert teams_channel.retry_after("", now) is None
    assert teams_channel.retry_after("٣", now) is None
    assert teams_channel.retry_after(None, now) is None


def test_a_teams_outage_that_ended_failed_goes_out_when_the_webhook_answers_again(
    make: Factory,
    session: Session,
    settings: Settings,
    teams: TeamsReceiver,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    s = settings.model_copy(update={"dispatch_max_attempts": 1})
    overdue_agreement(make, people=0, webhook=teams.url)
    gone = overdue_agreement(make, people=0, webhook=teams.url.replace("webhook", "borrado"))
    queue(session, s, clock)
    teams.script = [(503, {}), (410, {})]
    dispatcher.run(factory=factory, settings=s, clock=clock)
    failed = {r.item_id: r for r in rows(session, "teams")}
    assert failed[gone.id].failure == "permanent"
    assert {r.failure for r in failed.values()} == {"transient", "permanent"}
    report = dispatcher.run(factory=factory, settings=s, clock=at(clock, clock.now() + DAY))
    assert report.counts == {"probed": 1, "sent": 1}
    assert {r.item_id: r.status for r in rows(session, "teams")} == {
        gone.id: "failed",
        **{i: "sent" for i in failed if i != gone.id},
    }
    assert len(teams.received) == 3


def test_a_row_whose_lease_was_taken_over_is_neither_sent_nor_marked_twice(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    with smtp_server() as box:
        s = smtp_at(settings, box.port, dispatch_lease_seconds=60)
        overdue_agreement(make, people=2)
        queue(session, s, clock)
        with unit_of_work(factory) as uow:  # a first dispatcher claims, then stalls
            stalled = dispatcher.claim(session=uow, settings=s, now=clock.now(), channels=["email"])
        assert stalled is not None and len(stalled.deliveries) == len(mail(session)) >= 2
        still = at(clock, clock.now() + timedelta(seconds=30))
        assert dispatcher.run(factory=factory, settings=s, clock=still).counts == {}
        taken_over = at(clock, clock.now() + timedelta(seconds=61))
        report = dispatcher.run(factory=factory, settings=s, clock=taken_over)
        assert report.counts == {"sent": len(stalled.deliveries)}

        lease = Lease(
            factory=factory,
            token=stalled.token,
            ids=[d.id for d in stalled.deliveries],
            seconds=60,
            clock=taken_over,
        )
        assert lease.renew() == set() and lease.held == []
        first = stalled.deliveries[0]
        with unit_of_work(factory) as uow:
            status = dispatcher.mark(
                session=uow,
                settings=s,
                delivery_id=first.id,
                token=stalled.token,
                outcome=dispatcher.Outcome(ok=False, error="tarde"),
                now=taken_over.now(),
            )
        assert status == "lost"
    assert sorted(box.delivery_ids()) == [d.id for d in stalled.deliveries]
    assert {(r.status, r.attempts, r.last_error) for r in mail(session)} == {("sent", 2, None)}


def test_admins_retry_every_failed_message_at_once_through_the_api(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
    api: TestClient,
) -> None:
    port = free_port()
    s = smtp_at(settings, port, dispatch_max_attempts=1, dispatch_requeue_limit=0)
    overdue_agreement(make, people=2)
    admin, member = make.person("admin"), make.person("member")
    queue(session, s, clock)
    dispatcher.run(factory=factory, settings=s, clock=clock)
    assert {r.status for r in mail(session)} == {"failed"}

    url = "/api/v1/notifications/retry-failed"
    assert api.post(url, headers=member.headers).status_code == 403
    assert api.post(url).status_code == 401
    bad = api.post(f"{url}?channel=fax", headers=admin.headers)
    assert bad.status_code == 422
    assert api.post(f"{url}?channel=teams", headers=admin.headers).json() == {
        "requeued": 0,
        "channel": "teams",
    }
    assert {r.status for r in mail(session)} == {"failed"}, "a refused request changes nothing"
    r = api.post(url, headers=admin.headers)
    assert r.status_code == 200 and r.json() == {"requeued": len(mail(session)), "channel": None}
    assert {(r.status, r.attempts) for r in mail(session)} == {("pending", 0)}
    with smtp_server(port=port) as box:
        dispatcher.run(factory=factory, settings=s, clock=Clock(tz=clock.tz))
    assert {r.status for r in mail(session)} == {"sent"}
    assert sorted(box.delivery_ids()) == [r.id for r in mail(session)]


def test_admins_see_failed_messages_on_the_notifications_page_and_retry_them_all(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
    api: TestClient,
) -> None:
    port = free_port()
    s = smtp_at(settings, port, dispatch_max_attempts=1)
    overdue_agreement(make, people=2)
    admin, member = person(make, "admin"), person(make, "member")
    queue(session, s, clock)
    dispatcher.run(factory=factory, settings=s, clock=clock)

    member_token = sign_in(api, member)
    page = api.get("/notificaciones").text
    assert "Envíos fallidos" not in page and "Reintentar todos" not in page
    refused = api.post("/notificaciones/reintentar", data={"csrf_token": member_token})
    assert refused.status_code == 403
    api.post("/logout", data={"csrf_token": member_token})

    sign_in(api, admin)
    page = api.get("/notificaciones").text
    n = len(mail(session))
    assert f"Envíos fallidos: {n}" in page and "Reintentar todos" in page
    assert "rechazó la conexión" in page
    token = csrf_of(page)
    assert api.post("/notificaciones/reintentar", data={}).status_code == 403
    assert {r.status for r in mail(session)} == {"failed"}
    done = api.post("/notificaciones/reintentar", data={"csrf_token": token})
    assert done.status_code == 200 and f"Se volvieron a poner en cola {n} envíos" in done.text
    assert "No hay envíos fallidos" in done.text
    with smtp_server(port=port) as box:
        dispatcher.run(factory=factory, settings=s, clock=Clock(tz=clock.tz))
    assert {r.status for r in mail(session)} == {"sent"}
    assert sorted(box.delivery_ids()) == [r.id for r in mail(session)]


def test_a_refusal_whose_reply_carries_nul_is_still_recorded(
    make: Factory,
    session: Session,
    settings: Settings,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    """A server's binary reply must not leave the row unmarked (PostgreSQL refuses NUL in
    text), or the message would be claimed and sent again after every lease."""
    with smtp_server() as box:
        s = smtp_at(settings, box.port)
        overdue_agreement(make, people=1)
        queue(session, s, clock)
        with unit_of_work(factory) as uow:
            claim = dispatcher.claim(session=uow, settings=s, now=clock.now(), channels=["email"])
        assert claim is not None
        first = claim.deliveries[0]
        with unit_of_work(factory) as uow:
            status = dispatcher.mark(
                session=uow,
                settings=s,
                delivery_id=first.id,
                token=claim.token,
                outcome=dispatcher.Outcome(
                    ok=False, error="550 \x00\x01 rechazado", permanent=True
                ),
                now=clock.now(),
            )
        assert status == "failed"
    row = session.get(Delivery, first.id)
    assert row is not None and row.last_error == "550 \ufffd\x01 rechazado"
