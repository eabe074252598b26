"""The year as the calendar page shows it, and a count that explains the days it passed over."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from tests.factories import ADMIN
from workflow.calendar import business_days, declared_days, year_grid
from workflow.engine.errors import Invalid


def test_the_grid_tells_federal_declared_and_all_days_apart(session: Session) -> None:
    declared_days.add_day(
        session=session, actor=ADMIN, day=date(2024, 3, 28), reason="Jueves Santo"
    )
    declared_days.add_period(
        session=session, actor=ADMIN, name="Cómputos", start=date(2024, 6, 1), end=date(2024, 6, 9)
    )
    months = year_grid.year_grid(session=session, year=2024)
    days = {d.day: d for m in months for week in m.weeks for d in week if d is not None}
    assert len(days) == 366 and [m.name for m in months][:2] == ["Enero", "Febrero"]
    assert all(len(week) == 7 for m in months for week in m.weeks)
    assert months[2].weeks[0][:4] == [None, None, None, None], "1 March 2024 was a Friday"
    assert days[date(2024, 2, 5)].federal == "Día de la Constitución"
    assert not days[date(2024, 2, 5)].business
    assert days[date(2024, 3, 28)].declared == "Jueves Santo"
    saturday = days[date(2024, 6, 1)]
    assert (saturday.period, saturday.weekend, saturday.business) == ("Cómputos", True, True)
    with pytest.raises(Invalid):
        year_grid.year_grid(session=session, year=1899)


def test_a_count_lists_the_days_it_skipped_and_those_a_period_made_count(
    session: Session,
) -> None:
    declared_days.add_day(session=session, actor=ADMIN, day=date(2024, 5, 10), reason="Asueto")
    declared_days.add_period(
        session=session, actor=ADMIN, name="Proceso", start=date(2024, 5, 18), end=date(2024, 5, 19)
    )
    count = business_days.load(session=session).count_from(date(2024, 5, 2), 12)
    assert count.result == date(2024, 5, 19)
    assert [d for d, _ in count.skipped] == [
        date(2024, 5, 4), date(2024, 5, 5), date(2024, 5, 10), date(2024, 5, 11),
        date(2024, 5, 12),
    ]  # fmt: skip
    assert dict(count.skipped)[date(2024, 5, 10)] == "Asueto"
    assert count.counted_in_periods == [date(2024, 5, 18), date(2024, 5, 19)]
