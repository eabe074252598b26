"""Business days as the institution counts them: weekends, federal rest days, declared days,
and the periods in which every day counts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow.calendar import business_days, declared_days
from workflow.engine.errors import Conflict, Invalid, NotPermitted


def declare(session: Session, day: date, reason: str) -> None:
    declared_days.add_day(session=session, actor=ADMIN, day=day, reason=reason)


def test_federal_rest_days_of_2024_are_not_business_days(session: Session) -> None:
    cal = business_days.load(session=session)
    assert cal.reason_closed(date(2024, 9, 16)) == "Día de la Independencia"
    assert cal.reason_closed(date(2024, 11, 18)) == "Día de la Revolución"
    assert cal.reason_closed(date(2024, 6, 8)) == "Sábado"
    assert cal.reason_closed(date(2024, 6, 9)) == "Domingo"
    assert cal.is_business_day(date(2024, 9, 17))


def test_holy_thursday_counts_only_when_the_institution_declares_it(session: Session) -> None:
    assert business_days.load(session=session).is_business_day(date(2024, 3, 28))
    declare(session, date(2024, 3, 28), "Jueves Santo")
    declare(session, date(2024, 3, 29), "Viernes Santo")
    cal = business_days.load(session=session)
    assert cal.reason_closed(date(2024, 3, 28)) == "Jueves Santo"
    # Wed 27 March + 2 business days: Thu, Fri (declared), Sat, Sun skipped -> Mon 1, Tue 2 April
    assert cal.add_business_days(date(2024, 3, 27), 2) == date(2024, 4, 2)
    assert cal.business_days_between(date(2024, 3, 27), date(2024, 4, 2)) == 2


def test_n_business_days_step_over_weekends_and_federal_days(session: Session) -> None:
    cal = business_days.load(session=session)
    # Fri 13 Sep 2024 + 1: Sat, Sun, Mon 16 (Independencia) skipped -> Tue 17
    assert cal.add_business_days(date(2024, 9, 13), 1) == date(2024, 9, 17)
    # Fri 15 Nov + 3: Mon 18 (Revolución) skipped -> 19, 20, 21
    assert cal.add_business_days(date(2024, 11, 15), 3) == date(2024, 11, 21)
    assert cal.add_business_days(date(2024, 5, 2), 10) == date(2024, 5, 16)
    assert cal.add_business_days(date(2024, 5, 2), 0) == date(2024, 5, 2)


def test_in_an_all_days_period_weekends_and_holidays_count(session: Session) -> None:
    declared_days.add_period(
        session=session,
        actor=ADMIN,
        name="Proceso Electoral Local Ordinario 2023-2024",
        start=date(2024, 5, 31),
        end=date(2024, 9, 16),
    )
    cal = business_days.load(session=session)
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
        declared_days.add_period(
            session=session,
            actor=ADMIN,
            name="Al revés",
            start=date(2024, 2, 1),
            end=date(2024, 1, 1),
        )


def test_only_editors_change_the_calendar(make: Factory) -> None:
    head = make.person("area", make.area())
    with pytest.raises(NotPermitted):
        declared_days.add_day(
            session=make.session, actor=head.actor, day=date(2024, 12, 24), reason="Nochebuena"
        )
