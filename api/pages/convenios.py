"""`/convenios`: the list, and each convenio with its counterparts, validity, annexes, and
the activities of its plan with their roll-up progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.agreements import list_page
from api.pages.items import ItemPage, add_routes
from api.pages.viewer import PublicViewer, Viewer
from states import ACTIVITY, CONVENIO
from workflow.items import convenios, links, listing
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


@router.get("/convenios")
def convenio_list(
    request: Request, session: SessionDep, viewer: PublicViewer, clock: ClockDep
) -> Response:
    return list_page(
        request,
        session=session,
        viewer=viewer,
        today=clock.today(),
        kind="convenios",
        model=Convenio,
        states=CONVENIO.states,
        extra={"today": clock.today()},
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
        "related": links.related_to_convenio(session=session, convenio=item),
    }


PAGE = ItemPage(
    model=Convenio,
    template="pages/convenio.html",
    extra=convenio_extra,
)
add_routes(router, PAGE)
