"""`/convenios`: the list, and each convenio with its counterparts, validity, annexes, and
the activities of its plan with their roll-up progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from api.pages.items import ItemPage, add_routes
from api.pages.viewer import Viewer
from states import ACTIVITY
from workflow.items import convenios, listing
from workflow.models import Activity, Convenio

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class RollUp:
    """The plan of a convenio at a glance: how many activities in each state, mean progress."""

    total: int
    by_state: list[tuple[str, str, int]]
    overdue: int
    average: int


def roll_up(rows: list[tuple[Activity, bool]]) -> RollUp:
    counted = [a.progress for a, _ in rows if a.state != "cancelled"]
    return RollUp(
        total=len(rows),
        by_state=[
            (s, label, sum(1 for a, _ in rows if a.state == s))
            for s, label in ACTIVITY.states.items()
        ],
        overdue=sum(1 for _, overdue in rows if overdue),
        average=round(sum(counted) / len(counted)) if counted else 0,
    )


def convenio_extra(session: Session, item: Convenio, viewer: Viewer, today: date) -> dict[str, Any]:
    activities = listing.fetch_page(
        session=session,
        model=Activity,
        filters=listing.Filters(convenio=item.id, limit=listing.MAX_LIMIT),
        today=today,
    ).rows
    annexes = convenios.children(session=session, convenio_id=item.id)
    return {
        "activities": activities,
        "roll_up": roll_up(activities),
        "annexes": annexes,
        "days_left": (item.valid_until - today).days if item.valid_until else None,
    }


PAGE = ItemPage(
    model=Convenio,
    template="pages/convenio.html",
    extra=convenio_extra,
    list_extra=lambda _, today: {"today": today},
)
add_routes(router, PAGE)
