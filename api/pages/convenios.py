"""`/convenios`: the list, and each convenio with its counterparts, validity, annexes, and
the activities of its plan; both show the plan's progress as `workflow.items.plan_progress`
rolls it up over the annexes."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.agreements import list_page
from api.pages.items import ItemPage, add_routes
from api.pages.viewer import PublicViewer, Viewer
from states import CONVENIO
from workflow.items import convenios, links, listing
from workflow.items.plan_progress import plan_progress
from workflow.models import Activity, Convenio
from workflow.spreadsheets import transparency

router = APIRouter(include_in_schema=False)


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
        extra={
            "today": clock.today(),
            "quarters": transparency.QUARTERS,
            "period": transparency.Period.of(clock.today()),
        },
        of_rows=lambda rows: {
            "plans": plan_progress(
                session=session, convenios=[c for c, _ in rows], today=clock.today()
            )
        },
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
        "plans": plan_progress(session=session, convenios=[item, *annexes], today=today),
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
