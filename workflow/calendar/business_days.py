"""Business days (días hábiles) as the institution counts them.

A day is hábil when it is a weekday, not one of Mexico's federal rest days (the `holidays`
package, in Spanish) and not a day the institution declared inhábil — unless it falls in a
declared period in which every day counts (an electoral process), where every day is hábil.
Every deadline and every check counts through `BusinessCalendar`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from states.dates_es import business_days
from workflow.engine.errors import Invalid
from workflow.models import AllDaysPeriod, NonWorkingDay

ONE_DAY = timedelta(days=1)
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
"""Every date the system takes in or computes lies in these years: beyond them a date is a typo,
and near `date.max` adding days overflowed (a 500) instead of being refused."""


def check_in_range(day: date, what: str = "La fecha") -> date:
    """`day` itself, or `Invalid` when it falls outside 1900–2200."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Invalid(
            f"{what} {day.isoformat()} está fuera del intervalo admitido "
            f"({FIRST_DAY.year}–{LAST_DAY.year})."
        )
    return day


@dataclass(frozen=True)
class Period:
    """Every day from `start` to `end` (both included) counts."""

    start: date
    end: date
    name: str = ""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


class BusinessCalendar:
    """Answers "is this a business day, and why not?" and counts business days."""

    def __init__(
        self,
        non_working: dict[date, str] | None = None,
        periods: Iterable[Period] = (),
    ) -> None:
        # `holidays` fills further years on demand (expand=True), so no range is needed.
        self._federal = holidays.country_holidays("MX", language="es")
        self._declared = dict(non_working or {})
        self._periods = tuple(periods)

    def all_days_period(self, day: date) -> Period | None:
        return next((p for p in self._periods if day in p), None)

    def reason_closed(self, day: date) -> str | None:
        """Why `day` is not a business day (in Spanish), or None when it is one."""
        if self.all_days_period(day) is not None:
            return None
        return self.reason_off(day)

    def reason_off(self, day: date) -> str | None:
        """Why `day` would not be a business day outside the all-days periods, or None."""
        if day in self._declared:
            return self._declared[day]
        federal = self._federal.get(day)
        if federal:
            return str(federal)
        if day.weekday() >= 5:
            return "Sábado" if day.weekday() == 5 else "Domingo"
        return None

    def is_business_day(self, day: date) -> bool:
        return self.reason_closed(day) is None

    def add_business_days(self, start: date, n: int) -> date:
        """The n-th business day after `start` (start itself does not count); n=0 is `start`.

        Refused (`Invalid`) when the count would leave the years 1900–2200."""
        day = check_in_range(start)
        counted = 0
        while counted < n:
            if day >= LAST_DAY:
                raise Invalid(
                    f"Sumar {business_days(n)} a {start.isoformat()} pasa de "
                    f"{LAST_DAY.isoformat()}, el último día admitido."
                )
            day += ONE_DAY
            if self.is_business_day(day):
                counted += 1
        return day

    def count_from(self, start: date, n: int) -> Count:
        """`add_business_days`, with every day it skipped and why (for a person to check)."""
        result = self.add_business_days(start, n)
        skipped = [(d, why) for d in days_after(start, result) if (why := self.reason_closed(d))]
        counted_in_periods = [
            d
            for d in days_after(start, result)
            if self.all_days_period(d) is not None and self.reason_off(d) is not None
        ]
        return Count(start, n, result, skipped, counted_in_periods)

    def business_days_between(self, start: date, end: date) -> int:
        """How many business days lie in (start, end]; 0 when end is not after start."""
        return sum(1 for day in days_after(start, end) if self.is_business_day(day))

    def federal_holidays(self, year: int) -> list[tuple[date, str]]:
        """Mexico's federal rest days of `year`, with their Spanish names."""
        found = holidays.country_holidays("MX", years=year, language="es")
        return sorted((day, str(name)) for day, name in found.items())


@dataclass(frozen=True)
class Count:
    """The answer to "N días hábiles after `start`": the day, and the days passed over."""

    start: date
    business_days: int
    result: date
    skipped: list[tuple[date, str]]
    """Days not counted, with the reason («Sábado», «Jueves Santo», a federal holiday...)."""
    counted_in_periods: list[date]
    """Weekends and holidays that counted because an all-days period covers them."""


def days_after(start: date, end: date) -> Iterator[date]:
    """The days in (start, end]."""
    day = start + ONE_DAY
    while day <= end:
        yield day
        day += ONE_DAY


def load(*, session: Session) -> BusinessCalendar:
    """The calendar with the institution's stored days and periods (a few rows per year)."""
    declared = {row.day: row.reason for row in session.scalars(select(NonWorkingDay))}
    periods = [
        Period(row.start_day, row.end_day, row.name)
        for row in session.scalars(select(AllDaysPeriod).order_by(AllDaysPeriod.start_day))
    ]
    return BusinessCalendar(declared, periods)
