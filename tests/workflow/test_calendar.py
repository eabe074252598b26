"""Business days as the institution counts them: weekends, federal rest days, declared days,
and the periods in which every day counts."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow import calendar, calendar_days
from workflow.errors import Conflict, Invalid, NotPermitted


def declare(session: Session, day: date, reason: str) -> None:
    calendar_days.add_day(session=session, actor=ADMIN, day=day, reason=reason)


def test_federal_rest_days_of_2024_are_not_business_days(session: Session) -> None:
    cal = calendar.load(session=session)
    assert cal.reason_closed(date(2024, 9, 16)) == "Día de la Independencia"
    assert cal.reason_closed(date(2024, 11, 18)) == "Día de la Revolución"
    assert cal.reason_closed(date(2024, 6, 8)) == "Sábado"
    assert cal.reason_closed(date(2024, 6, 9)) == "Domingo"
    assert cal.is_business_day(date(2024, 9, 17))


def test_holy_thursday_counts_only_when_the_institution_declares_it(session: Session) -> None:
    assert calendar.load(session=session).is_business_day(date(2024, 3, 28))
    declare(session, date(2024, 3, 28), "Jueves Santo")
    declare(session, date(2024, 3, 29), "Viernes Santo")
    cal = calendar.load(session=session)
    assert cal.reason_closed(date(2024, 3, 28)) == "Jueves Santo"
    # Wed 27 March + 2 business days: Thu, Fri (declared), Sat, Sun skipped -> Mon 1, Tue 2 April
    assert cal.add_business_days(date(2024, 3, 27), 2) == date(2024, 4, 2)
    assert cal.business_days_between(date(2024, 3, 27), date(2024, 4, 2)) == 2


def test_n_business_days_step_over_weekends_and_federal_days(session: Session) -> None:
    cal = calendar.load(session=session)
    # Fri 13 Sep 2024 + 1: Sat, Sun, Mon 16 (Independencia) skipped -> Tue 17
    assert cal.add_business_days(date(2024, 9, 13), 1) == date(2024, 9, 17)
    # Fri 15 Nov + 3: Mon 18 (Revolución) skipped -> 19, 20, 21
    assert cal.add_business_days(date(2024, 11, 15), 3) == date(2024, 11, 21)
    assert cal.add_business_days(date(2024, 5, 2), 10) == date(2024, 5, 16)
    assert cal.add_business_days(date(2024, 5, 2), 0) == date(2024, 5, 2)


def test_in_an_all_days_period_weekends_and_holidays_count(session: Session) -> None:
    calendar_days.add_period(
        session=session,
        actor=ADMIN,
        name="Proceso Electoral Local Ordinario 2023-2024",
        start=date(2024, 5, 31),
        end=date(2024, 9, 16),
    )
    cal = calendar.load(session=session)
    assert cal.is_business_day(date(2024, 6, 1))  # a Saturday
    assert cal.is_business_day(date(2024, 9, 16))  # a federal rest day, inside the period
    assert cal.add_business_days(date(2024, 5, 31), 2) == date(2024, 6, 2)
    # Across the end of the period, the ordinary rules return: Fri 13 Sep + 3 -> 14, 15, 16
    assert cal.add_business_days(date(2024, 9, 13), 3) == date(2024, 9, 16)
    # ... and after it: Mon 16 + 1 -> Tue 17; Sat 21 and Sun 22 skipped again
    assert cal.add_business_days(date(2024, 9, 20), 1) == date(2024, 9, 23)


def test_agreement_deadline_in_business_days_skips_declared_days(make: Factory) -> None:
    area = make.area()
    meeting = make.meeting(day=date(2024, 3, 22))
    declare(make.session, date(2024, 3, 28), "Jueves Santo")
    declare(make.session, date(2024, 3, 29), "Viernes Santo")
    agreement = make.agreement([area], meeting=meeting, deadline=None, deadline_business_days=5)
    # Fri 22 Mar: Mon 25, Tue 26, Wed 27, (Thu 28, Fri 29 declared), Mon 1, Tue 2 April
    assert agreement.deadline == date(2024, 4, 2)


def test_declared_days_are_unique_and_periods_ordered(session: Session) -> None:
    declare(session, date(2024, 12, 12), "Día de la Virgen de Guadalupe")
    with pytest.raises(Conflict):
        declare(session, date(2024, 12, 12), "Otra vez")
    with pytest.raises(Invalid):
        calendar_days.add_period(
            session=session,
            actor=ADMIN,
            name="Al revés",
            start=date(2024, 2, 1),
            end=date(2024, 1, 1),
        )


def test_only_editors_change_the_calendar(make: Factory) -> None:
    head = make.person("area", make.area())
    with pytest.raises(NotPermitted):
        calendar_days.add_day(
            session=make.session, actor=head.actor, day=date(2024, 12, 24), reason="Nochebuena"
        )


def test_calendar_api_editors_write_everyone_signed_in_reads(
    api: TestClient, make: Factory
) -> None:
    secretariat = make.person("secretariat")
    member = make.person("member")
    body = {"date": "2024-03-28", "reason": "Jueves Santo", "reference": "IECM/ACU-CG-001/2024"}
    assert api.post("/api/v1/calendar/days", json=body, headers=member.headers).status_code == 403
    created = api.post("/api/v1/calendar/days", json=body, headers=secretariat.headers)
    assert created.status_code == 201, created.text
    assert created.json() == body
    again = api.post("/api/v1/calendar/days", json=body, headers=secretariat.headers)
    assert again.status_code == 409 and "ya está declarado" in again.json()["detail"]

    r = api.patch(
        "/api/v1/calendar/days/2024-03-28",
        json={"reason": "Jueves Santo (asueto)"},
        headers=secretariat.headers,
    )
    assert r.status_code == 200 and r.json()["reason"] == "Jueves Santo (asueto)"
    period = api.post(
        "/api/v1/calendar/periods",
        json={"name": "Proceso Electoral 2023-2024", "start": "2024-06-01", "end": "2024-06-02"},
        headers=secretariat.headers,
    )
    assert period.status_code == 201, period.text

    year = api.get("/api/v1/calendar?year=2024", headers=member.headers).json()
    assert [d["date"] for d in year["non_working_days"]] == ["2024-03-28"]
    assert [p["name"] for p in year["periods"]] == ["Proceso Electoral 2023-2024"]
    assert {"date": "2024-09-16", "name": "Día de la Independencia"} in year["federal_holidays"]
    counted = api.get(
        "/api/v1/calendar/business-days?start=2024-03-27&n=2", headers=member.headers
    ).json()
    assert counted["result"] == "2024-04-01"  # only Thursday is declared here

    bad = api.post(
        "/api/v1/calendar/periods",
        json={"name": "Al revés", "start": "2024-06-02", "end": "2024-06-01"},
        headers=secretariat.headers,
    )
    assert bad.status_code == 422
    pid = period.json()["id"]
    assert (
        api.delete(f"/api/v1/calendar/periods/{pid}", headers=secretariat.headers).status_code
        == 204
    )
    assert (
        api.delete("/api/v1/calendar/days/2024-03-28", headers=secretariat.headers).status_code
        == 204
    )
    assert (
        api.delete("/api/v1/calendar/days/2024-03-28", headers=secretariat.headers).status_code
        == 404
    )
    assert api.get("/api/v1/calendar", headers={}).status_code == 401
