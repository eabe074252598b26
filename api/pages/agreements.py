"""`/acuerdos`: the list with filters, search and pages, and each acuerdo's detail page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from api.pages.items import ItemPage, add_routes
from api.pages.viewer import Viewer
from workflow.items import meetings
from workflow.items.session_agenda import titled
from workflow.models import Agreement

router = APIRouter(include_in_schema=False)


def agreement_extra(
    session: Session, item: Agreement, viewer: Viewer, today: Any
) -> dict[str, Any]:
    point = next((a for a in item.meeting.agenda if a.id == item.agenda_item_id), None)
    return {
        "meeting": item.meeting,
        "agenda_point": titled(point) if point is not None else None,
    }


PAGE = ItemPage(
    model=Agreement,
    template="pages/agreement.html",
    extra=agreement_extra,
    list_extra=lambda session, _: {"meetings": meetings.list_meetings(session=session)},
)
add_routes(router, PAGE)
