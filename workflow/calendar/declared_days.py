"""The institution's declared non-working days and all-days-count periods: list and edit.

Editors (secretariat, admin) change them; everyone signed in reads them. Dates are calendar
dates in the institution's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Conflict, Invalid, NotFound
from workflow.models import AllDaysPeriod, NonWorkingDay


def list_days(
    *, session: Session, start: date | None = None, end: date | None = None
) -> Sequence[NonWorkingDay]:
    stmt = select(NonWorkingDay).order_by(NonWorkingDay.day)
    if start is not None:
        stmt = stmt.where(NonWorkingDay.day >= start)
    if end is not None:
        stmt = stmt.where(NonWorkingDay.day <= end)
    return session.scalars(stmt).all()


def get_day(*, session: Session, day: date) -> NonWorkingDay:
    row = session.scalar(select(NonWorkingDay).where(NonWorkingDay.day == day))
    if row is None:
        raise NotFound(f"El {day.isoformat()} no está declarado como día inhábil.")
    return row


def add_day(
    *, session: Session, actor: Actor, day: date, reason: str, reference: str | None = None
) -> NonWorkingDay:
    """Declare `day` inhábil; the reason is shown wherever the day is skipped."""
    require_editor(actor)
    if session.scalar(select(NonWorkingDay.id).where(NonWorkingDay.day == day)):
        raise Conflict(f"El {day.isoformat()} ya está declarado como día inhábil.", field="date")
    row = NonWorkingDay(day=day, reason=_required(reason, "reason"), reference=_blank(reference))
    session.add(row)
    session.flush()
    return row


def edit_day(
    *,
    session: Session,
    actor: Actor,
    day: date,
    reason: str | None = None,
    reference: str | None = None,
) -> NonWorkingDay:
    require_editor(actor)
    row = get_day(session=session, day=day)
    if reason is not None:
        row.reason = _required(reason, "reason")
    if reference is not None:
        row.reference = _blank(reference)
    session.flush()
    return row


def remove_day(*, session: Session, actor: Actor, day: date) -> None:
    require_editor(actor)
    session.delete(get_day(session=session, day=day))
    session.flush()


def list_periods(*, session: Session) -> Sequence[AllDaysPeriod]:
    return session.scalars(select(AllDaysPeriod).order_by(AllDaysPeriod.start_day)).all()


def get_period(*, session: Session, period_id: int) -> AllDaysPeriod:
    row = session.get(AllDaysPeriod, period_id)
    if row is None:
        raise NotFound(f"No existe el periodo con id {period_id}.")
    return row


def add_period(
    *,
    session: Session,
    actor: Actor,
    name: str,
    start: date,
    end: date,
    reference: str | None = None,
) -> AllDaysPeriod:
    """Declare that every day from `start` to `end` counts (e.g. a proceso electoral)."""
    require_editor(actor)
    _ordered(start, end)
    row = AllDaysPeriod(
        name=_required(name, "name"), start_day=start, end_day=end, reference=_blank(reference)
    )
    session.add(row)
    session.flush()
    return row


def edit_period(
    *,
    session: Session,
    actor: Actor,
    period_id: int,
    name: str | None = None,
    start: date | None = None,
    end: date | None = None,
    reference: str | None = None,
) -> AllDaysPeriod:
    require_editor(actor)
    row = get_period(session=session, period_id=period_id)
    _ordered(start or row.start_day, end or row.end_day)
    if name is not None:
        row.name = _required(name, "name")
    if start is not None:
        row.start_day = start
    if end is not None:
        row.end_day = end
    if reference is not None:
        row.reference = _blank(reference)
    session.flush()
    return row


def remove_period(*, session: Session, actor: Actor, period_id: int) -> None:
    require_editor(actor)
    session.delete(get_period(session=session, period_id=period_id))
    session.flush()


def _ordered(start: date, end: date) -> None:
    if end < start:
        raise Invalid("El periodo termina antes de empezar: revise «start» y «end».", field="end")


TEXT_MAX = 300
"""The columns' length: reasons, names and references."""


def _required(text: str, field: str) -> str:
    if not text or not text.strip():
        raise Invalid(f"«{field}» no puede estar vacío.", field=field)
    return _line(text, field)


def _blank(text: str | None) -> str | None:
    return _line(text, "reference") or None if text is not None else None


def _line(text: str, field: str) -> str:
    """One line of at most `TEXT_MAX` characters (the pages and the CLI are held as the API)."""
    text = text.strip()
    if len(text) > TEXT_MAX or not text.isprintable():
        raise Invalid(
            f"«{field}» debe ser una sola línea de hasta {TEXT_MAX} caracteres.", field=field
        )
    return text
