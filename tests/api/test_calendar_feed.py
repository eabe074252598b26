"""The private calendar feed: a secret URL per person with the deadlines of their items, read by
the `icalendar` package as Outlook or Google Calendar would, and revocable."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow.engine.fire import fire
from workflow.models import CalendarFeed
from workflow.runtime.clock import Clock

FEED = "/api/v1/me/calendar-feed"


def _path(url: str) -> str:
    assert url.startswith("http://seguimiento.test/calendario/") and url.endswith(".ics")
    return url.removeprefix("http://seguimiento.test")


def _events(api: TestClient, path: str) -> dict[str, tuple[date, str]]:
    r = api.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    found = {}
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        assert isinstance(start, date) and event.decoded("DTEND") > start
        assert event["UID"] and event["DTSTAMP"]
        found[str(event["UID"]).split("@")[0]] = (start, str(event["SUMMARY"]))
    return found


def test_an_area_head_subscribes_to_the_deadlines_of_their_area(
    api: TestClient, make: Factory
) -> None:
    mine, other = make.area(), make.area()
    head = make.person("area", mine)
    meeting = make.meeting()
    due = make.agreement([other, mine], meeting, title="Compartido", deadline=date(2024, 6, 14))
    overdue = make.agreement([mine], meeting, title="Atrasado", deadline=date(2024, 5, 10))
    finished = make.agreement([mine], meeting, deadline=date(2024, 6, 1))
    fire(
        session=make.session, item=finished, event="cancel", actor=ADMIN, clock=make.clock, note="x"
    )
    make.agreement([other], meeting, title="De otra área", deadline=date(2024, 6, 1))
    make.agreement([mine], meeting, title="Permanente", deadline=None)
    convenio = make.convenio([mine], title="Convenio UNAM")
    for event in ("submit_review", "approve"):
        fire(session=make.session, item=convenio, event=event, actor=ADMIN, clock=make.clock)
    fire(
        session=make.session, item=convenio, event="sign", actor=ADMIN, clock=make.clock,
        data={"signed_on": date(2024, 2, 12), "valid_from": date(2024, 2, 12),
              "valid_until": date(2024, 6, 30)},
    )  # fmt: skip
    activity = make.activity(mine, convenio=convenio, title="Jornada", due_date=date(2024, 6, 3))

    created = api.post(FEED, headers=head.headers)
    assert created.status_code == 201, created.text
    events = _events(api, _path(created.json()["url"]))

    today = Clock(tz=make.clock.tz).today()  # the app reads the wall clock

    def expected(day: date, summary: str) -> tuple[date, str]:
        return day, ("VENCIDO · " if day < today else "") + summary

    assert events == {
        f"agreement-{due.id}-deadline": expected(
            date(2024, 6, 14), f"Plazo: {due.key} — Compartido"
        ),
        f"agreement-{overdue.id}-deadline": expected(
            date(2024, 5, 10), f"Plazo: {overdue.key} — Atrasado"
        ),
        f"activity-{activity.id}-due_date": expected(
            date(2024, 6, 3), f"Plazo: {activity.key} — Jornada"
        ),
        f"convenio-{convenio.id}-valid_until": expected(
            date(2024, 6, 30), f"Fin de vigencia: {convenio.key} — Convenio UNAM"
        ),
    }


def test_the_secretariat_follows_every_open_item(api: TestClient, make: Factory) -> None:
    a, b = make.area(), make.area()
    secretariat = make.person("secretariat")
    meeting = make.meeting()
    keys = {make.agreement([area], meeting).id for area in (a, b)}
    url = api.post(FEED, headers=secretariat.headers).json()["url"]
    events = _events(api, _path(url))
    assert {f"agreement-{i}-deadline" for i in keys} <= set(events)


def test_rotating_or_revoking_the_feed_makes_the_old_url_404(
    api: TestClient, make: Factory, session: Session
) -> None:
    person = make.person("member")
    assert api.get(FEED, headers=person.headers).json() == {
        "active": False,
        "created_at": None,
        "url": None,
    }
    first = _path(api.post(FEED, headers=person.headers).json()["url"])
    status = api.get(FEED, headers=person.headers).json()
    assert status["active"] and status["url"] is None, "the URL is shown only once"
    second = _path(api.post(FEED, headers=person.headers).json()["url"])
    assert api.get(first).status_code == 404
    assert api.get(second).status_code == 200

    secret = second.removeprefix("/calendario/").removesuffix(".ics")
    stored = session.scalars(select(CalendarFeed.digest)).all()
    assert secret not in stored and all(len(d) == 64 for d in stored), "only a digest is kept"

    assert api.delete(FEED, headers=person.headers).status_code == 204
    assert api.get(second).status_code == 404
    assert api.get("/calendario/cal_inventado.ics").status_code == 404
    assert api.post(FEED).status_code == 401
