"""The institution's own calendar: declared non-working days and all-days-count periods."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base, Timestamped


class NonWorkingDay(Timestamped, Base):
    """A day the institution declared inhábil (Holy Thursday, a vacation closure...)."""

    __tablename__ = "non_working_days"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str | None] = mapped_column(String(300))
    """The acuerdo or circular that declared it, e.g. `IECM/ACU-CG-001/2024`."""


class AllDaysPeriod(Timestamped, Base):
    """A period in which every day counts (an electoral process): weekends and holidays too."""

    __tablename__ = "all_days_periods"
    __table_args__ = (CheckConstraint("end_day >= start_day", name="ordered"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    start_day: Mapped[date] = mapped_column(Date, index=True)
    end_day: Mapped[date] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(300))
