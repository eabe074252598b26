"""Business days (días hábiles): weekends and Mexico's federal rest days do not count.

The institution's own non-working days and its all-days-count periods are added by the
calendar issue; every deadline computation goes through `BusinessCalendar`.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays


class BusinessCalendar:
    """Answers "is this a business day?" for a range of years."""

    def __init__(self, years: range) -> None:
        self._federal = holidays.country_holidays("MX", years=years, language="es")

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._federal

    def add_business_days(self, start: date, n: int) -> date:
        """The n-th business day after `start` (start itself does not count)."""
        day = start
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_business_day(day):
                counted += 1
        return day


def calendar_around(day: date) -> BusinessCalendar:
    return BusinessCalendar(range(day.year - 1, day.year + 3))
