"""One year of the institution's calendar as a person reads it: months of weeks (Monday first),
each day marked as a federal rest day, a day the institution declared inhábil, a day inside an
all-days-count period, a weekend — and whether it counts as a business day."""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from states.dates_es import MONTHS
from workflow.calendar import business_days, declared_days


@dataclass(frozen=True)
class Day:
    day: date
    federal: str | None
    """Name of the federal rest day (the `holidays` package), if it is one."""
    declared: str | None
    """Reason the institution declared it inhábil, if it did."""
    period: str | None
    """Name of the all-days-count period that covers it, if any."""
    weekend: bool
    business: bool


@dataclass(frozen=True)
class Month:
    number: int
    name: str
    weeks: list[list[Day | None]]
    """Seven places a week; None where the day belongs to the month before or after."""


def year_grid(*, session: Session, year: int) -> list[Month]:
    """The twelve months of `year` (a few queries: the year's declared days and the periods)."""
    business_days.check_in_range(date(year, 1, 1), "El año")
    business = business_days.load(session=session)
    federal = dict(business.federal_holidays(year))
    declared = {
        row.day: row.reason
        for row in declared_days.list_days(
            session=session, start=date(year, 1, 1), end=date(year, 12, 31)
        )
    }

    def mark(day: date) -> Day:
        period = business.all_days_period(day)
        return Day(
            day=day,
            federal=federal.get(day),
            declared=declared.get(day),
            period=period.name if period else None,
            weekend=day.weekday() >= 5,
            business=business.is_business_day(day),
        )

    grid = months.Calendar(firstweekday=0)
    return [
        Month(
            number=m,
            name=MONTHS[m - 1].capitalize(),
            weeks=[
                [mark(d) if d.month == m else None for d in week]
                for week in grid.monthdatescalendar(year, m)
            ],
        )
        for m in range(1, 13)
    ]
