"""Time as the institution sees it; passed in (never read from the wall) so tests control it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Clock:
    """Now and today in the institution's time zone; `fixed` pins both for checks and tests."""

    tz: ZoneInfo
    fixed: datetime | None = None

    def now(self) -> datetime:
        return self.fixed if self.fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(self.tz).date()

    @classmethod
    def on(cls, day: date, tz: ZoneInfo) -> Clock:
        """A clock pinned to noon of `day`, institution time."""
        return cls(tz=tz, fixed=datetime(day.year, day.month, day.day, 12, tzinfo=tz))
