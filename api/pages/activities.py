"""`/actividades/{id}`: one activity of a convenio's plan or of an organ's work programme."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.item_access import Found, item_access
from api.pages.items import ItemPage, add_routes, show
from api.pages.viewer import SignedInViewer, Viewer
from workflow.models import Activity

router = APIRouter(include_in_schema=False)


def activity_extra(session: Session, item: Activity, viewer: Viewer, today: date) -> dict[str, Any]:
    return {"convenio": item.convenio, "organ": item.organ}


PAGE = ItemPage(
    prefix="/actividades",
    model=Activity,
    template="pages/activity.html",
    extra=activity_extra,
)
PAGE_ITEM = item_access(Activity).found


@router.get("/actividades/{item_id}")
def activity_detail(
    request: Request,
    session: SessionDep,
    viewer: SignedInViewer,
    clock: ClockDep,
    found: Annotated[Found[Any], PAGE_ITEM],
) -> Response:
    return show(request, PAGE, session=session, viewer=viewer, clock=clock, found=found)


add_routes(router, PAGE)
