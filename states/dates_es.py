"""Dates and times as the institution writes them in Spanish, for every template of the app.

One set of formatters under English names, registered as Jinja filters in the pages', reports'
and messages' environments (`filters`), so a name means the same thing in all three:

- `long_date`: `10 de junio de 2024` (headings, official documents, e-mails);
- `short_date`: `20 may 2024` (table cells of the pages);
- `numeric_date`: `20/05/2024` (table cells of the reports);
- `date_time`: `24 may 2024, 12:05`, a timestamp in the institution's time zone;
- `local_numeric_date`: `24/05/2024`, the day of a timestamp in the institution's time zone;
- `clock_time`: `12:05 horas`;
- `business_days`: `1 día hábil`, `3 días hábiles`;
- `counted`: any count with its noun in the right number, `1 acuerdo`, `2 acuerdos`, `0 acuerdos`
  (`{{ n | counted("acuerdo") }}`; `{{ n | counted("día de atraso", "días de atraso") }}`).

A date may come as a `date`, a `datetime` (its own calendar day) or an ISO string (from an
event's payload); an absent one is shown as `missing` (a dash unless the caller says otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from functools import partial
from zoneinfo import ZoneInfo

MONTHS: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)

ABSENT = "—"

Day = date | str | None


def _day(value: date | str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value


def long_date(value: Day, missing: str = ABSENT) -> str:
    """`24 de mayo de 2024`, as official documents and e-mails date things."""
    if value is None:
        return missing
    day = _day(value)
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def short_date(value: Day, missing: str = ABSENT) -> str:
    """`24 may 2024`, for the table cells of the pages."""
    if value is None:
        return missing
    day = _day(value)
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def numeric_date(value: Day, missing: str = ABSENT) -> str:
    """`24/05/2024`: compact, for the table cells of the reports."""
    if value is None:
        return missing
    return _day(value).strftime("%d/%m/%Y")


def date_time(value: datetime | None, tz: ZoneInfo, missing: str = ABSENT) -> str:
    """`24 may 2024, 12:05` in the time zone `tz`."""
    if value is None:
        return missing
    local = value.astimezone(tz)
    return f"{short_date(local.date())}, {local:%H:%M}"


def local_numeric_date(value: datetime | None, tz: ZoneInfo, missing: str = ABSENT) -> str:
    """`24/05/2024`: the day a timestamp falls on in the time zone `tz`."""
    return missing if value is None else numeric_date(value.astimezone(tz).date())


def clock_time(value: time | None) -> str:
    """`12:05 horas`; nothing when absent."""
    return "" if value is None else f"{value:%H:%M} horas"


def plural(noun: str) -> str:
    """The Spanish plural of one word: `acuerdo` → `acuerdos`, `actividad` → `actividades`,
    `sesión` → `sesiones`, `vez` → `veces`. Phrases say their plural themselves."""
    if noun.endswith("z"):
        return noun[:-1] + "ces"
    if noun.endswith(("ión", "ón")):
        return noun[:-2] + "ones"
    if noun.endswith(("a", "e", "i", "o", "u", "á", "é", "ó")):
        return noun + "s"
    return noun + "es"


def counted(n: int, one: str, many: str | None = None) -> str:
    """`1 acuerdo`, `2 acuerdos`, `0 acuerdos`: only one is singular in Spanish."""
    return f"{n} {one}" if n == 1 else f"{n} {many or plural(one)}"


def business_days(n: int) -> str:
    """`1` → `1 día hábil`, `3` → `3 días hábiles`."""
    return counted(n, "día hábil", "días hábiles")


PLAIN: dict[str, Callable[..., str]] = {
    "long_date": long_date,
    "short_date": short_date,
    "numeric_date": numeric_date,
    "clock_time": clock_time,
    "business_days": business_days,
    "counted": counted,
}
"""The filters that need nothing but their value."""

ZONED: dict[str, Callable[..., str]] = {
    "date_time": date_time,
    "local_numeric_date": local_numeric_date,
}
"""The filters that also need the institution's time zone (keyword `tz`)."""


def filters(tz: ZoneInfo) -> dict[str, Callable[..., str]]:
    """Every filter, the zoned ones bound to `tz`: what an environment registers."""
    return {**PLAIN, **{name: partial(f, tz=tz) for name, f in ZONED.items()}}
