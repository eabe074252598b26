"""`/actividades/{id}`: one activity of a convenio's plan or of an organ's work programme."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.items import ItemPage, add_routes, show
from api.pages.viewer import SignedInViewer, Viewer
from api.schemas.common import RowId
from workflow.models import Activity

router = APIRouter(include_in_schema=False)


def activity_extra(session: Session, item: Activity, viewer: Viewer, today: date) -> dict[str, Any]:
    return {"convenio": item.convenio, "organ": item.organ}


PAGE = ItemPage(
    model=Activity,
    template="pages/activity.html",
    extra=activity_extra,
)


@router.get(f"{PAGE.prefix}/{{item_id}}")
def activity_detail(
    request: Request, item_id: RowId, session: SessionDep, viewer: SignedInViewer, clock: ClockDep
) -> Response:
    return show(request, PAGE, session=session, viewer=viewer, clock=clock, item_id=item_id)


add_routes(router, PAGE)
