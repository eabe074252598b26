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

from states import LIFECYCLES, Role
from states.vocabulary import ITEM_KINDS
from workflow.calendar import FIRST_DAY, LAST_DAY
from workflow.models import Activity, Agreement, AgreementArea, Convenio, ConvenioArea, User
from workflow.reports.rows import Tracked, is_overdue

LIMIT_PER_KIND = 3000
"""Calendar clients slow down past a few thousand events; the nearest dates are kept."""


@dataclass(frozen=True)
class Deadline:
    uid: str
    """Stable across refreshes, so a moved deadline moves the event instead of adding one."""
    kind: str
    item_id: int
    convenio_id: int | None
    key: str
    title: str
    day: date
    summary: str
    state_label: str
    areas: list[str]
    overdue: bool
    changed_at: datetime


def _scoped(stmt: Select[Any], model: type[Tracked], user: User) -> Select[Any]:
    if Role(user.role) != Role.area:
        return stmt
    if model is Agreement:
        ids = select(AgreementArea.agreement_id).where(AgreementArea.area_id == user.area_id)
        return stmt.where(Agreement.id.in_(ids))
    if model is Convenio:
        ids = select(ConvenioArea.convenio_id).where(ConvenioArea.area_id == user.area_id)
        return stmt.where(Convenio.id.in_(ids))
    return stmt.where(Activity.area_id == user.area_id)


def for_person(*, session: Session, user: User, today: date) -> list[Deadline]:
    """The person's dates, nearest first within each kind; nothing for an area role without area."""
    if Role(user.role) == Role.area and user.area_id is None:
        return []
    found: list[Deadline] = []
    queries: list[tuple[type[Tracked], str, str]] = [
        (Agreement, "deadline", "Plazo"),
        (Activity, "due_date", "Plazo"),
        (Convenio, "valid_until", "Fin de vigencia"),
    ]
    for model, column, prefix in queries:
        lifecycle = LIFECYCLES[model.kind]
        day_col = getattr(model, column)
        stmt: Select[Any] = select(model).where(
            day_col.between(FIRST_DAY, LAST_DAY), model.state.in_(lifecycle.open_states())
        )  # a date outside 1900–2200 is a typo no calendar client could show
        stmt = _scoped(stmt, model, user).order_by(day_col, model.id).limit(LIMIT_PER_KIND)
        item: Tracked
        for item in session.scalars(stmt).unique():
            day = item.deadline
            assert day is not None  # filtered above
            found.append(
                Deadline(
                    uid=f"{model.kind}-{item.id}-{column}",
                    kind=model.kind,
                    item_id=item.id,
                    convenio_id=item.convenio_id if isinstance(item, Activity) else None,
                    key=item.key,
                    title=item.title,
                    day=day,
                    summary=f"{prefix}: {item.key} — {item.title}",
                    state_label=f"{ITEM_KINDS[model.kind]} · {lifecycle.state_label(item.state)}",
                    areas=[a.code for a in item.areas],
                    overdue=is_overdue(item, today),
                    changed_at=item.updated_at,
                )
            )
    return found
