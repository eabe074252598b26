"""The dates a person's calendar feed shows: deadlines of their open items and the validity ends
of their convenios.

Whose items: a person of an area gets the items their area is responsible for, since those are
the dates they answer for. The secretariat, the members and admins follow the whole commission,
so they get every open item; a final item (cumplido, concluida, vencido…) leaves the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from states import Role
from workflow.calendar.business_days import FIRST_DAY, LAST_DAY
from workflow.items.kinds import STORED, Stored, Tracked
from workflow.models import User
from workflow.reports.rows import is_overdue

LIMIT_PER_KIND = 3000
"""Calendar clients slow down past a few thousand events; the nearest dates are kept."""


@dataclass(frozen=True)
class Deadline:
    uid: str
    """Stable across refreshes, so a moved deadline moves the event instead of adding one."""
    kind: str
    item_id: int
    key: str
    title: str
    day: date
    summary: str
    state_label: str
    areas: list[str]
    overdue: bool
    changed_at: datetime


def _scoped(stmt: Select[Any], kind: Stored, user: User) -> Select[Any]:
    if Role(user.role) != Role.area:
        return stmt
    return stmt.where(kind.of_area(user.area_id))


def for_person(*, session: Session, user: User, today: date) -> list[Deadline]:
    """The person's dates, nearest first within each kind; nothing for an area role without area."""
    if Role(user.role) == Role.area and user.area_id is None:
        return []
    found: list[Deadline] = []
    for kind in STORED.values():
        model, day_col, facts = kind.model, kind.deadline, kind.facts
        lifecycle = facts.lifecycle
        stmt: Select[Any] = select(model).where(
            day_col.between(FIRST_DAY, LAST_DAY), model.state.in_(lifecycle.open_states())
        )  # a date outside 1900–2200 is a typo no calendar client could show
        stmt = _scoped(stmt, kind, user).order_by(day_col, model.id).limit(LIMIT_PER_KIND)
        item: Tracked
        for item in session.scalars(stmt).unique():
            day = item.deadline
            assert day is not None  # filtered above
            found.append(
                Deadline(
                    uid=f"{kind.name}-{item.id}-{day_col.key}",
                    kind=kind.name,
                    item_id=item.id,
                    key=item.key,
                    title=item.title,
                    day=day,
                    summary=f"{facts.deadline_event}: {item.key} — {item.title}",
                    state_label=f"{facts.label} · {lifecycle.state_label(item.state)}",
                    areas=[a.code for a in item.areas],
                    overdue=is_overdue(item, today),
                    changed_at=item.updated_at,
                )
            )
    return found
