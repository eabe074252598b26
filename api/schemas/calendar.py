"""Bodies of `/api/v1/calendar`: declared non-working days, all-days periods, federal days."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from api.schemas.common import BoundedDate, Line, Strict
from workflow.models import AllDaysPeriod, NonWorkingDay


class DayCreate(Strict):
    date: BoundedDate
    reason: str = Line(300, min_length=1, description="Motivo, p. ej. «Jueves Santo»")
    reference: str | None = Line(300, default=None, description="Acuerdo o circular que lo declaró")


class DayUpdate(Strict):
    reason: str | None = Line(300, min_length=1, default=None)
    reference: str | None = Line(300, default=None)


class DayRead(BaseModel):
    date: dt.date
    reason: str
    reference: str | None

    @classmethod
    def of(cls, row: NonWorkingDay) -> DayRead:
        return cls(date=row.day, reason=row.reason, reference=row.reference)


class PeriodCreate(Strict):
    name: str = Line(300, min_length=1, description="p. ej. «Proceso Electoral 2023-2024»")
    start: BoundedDate
    end: BoundedDate
    reference: str | None = Line(300, default=None)


class PeriodUpdate(Strict):
    name: str | None = Line(300, min_length=1, default=None)
    start: BoundedDate | None = None
    end: BoundedDate | None = None
    reference: str | None = Line(300, default=None)


class PeriodRead(BaseModel):
    id: int
    name: str
    start: dt.date
    end: dt.date
    reference: str | None

    @classmethod
    def of(cls, row: AllDaysPeriod) -> PeriodRead:
        return cls(
            id=row.id, name=row.name, start=row.start_day, end=row.end_day, reference=row.reference
        )


class HolidayRead(BaseModel):
    date: dt.date
    name: str


class CalendarRead(BaseModel):
    """One year of the institution's calendar: what it declared and the federal rest days."""

    year: int
    non_working_days: list[DayRead]
    periods: list[PeriodRead]
    federal_holidays: list[HolidayRead]


class BusinessDaysRead(BaseModel):
    start: dt.date
    business_days: int
    result: dt.date
