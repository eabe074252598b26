"""`/acuerdos`: the list with filters, search and pages, and each acuerdo's detail page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from api.pages.items import ItemPage, add_routes
from api.pages.viewer import Viewer
from workflow.items import links, meetings
from workflow.items.session_agenda import number
from workflow.models import Agreement

router = APIRouter(include_in_schema=False)


def agreement_extra(
    session: Session, item: Agreement, viewer: Viewer, today: Any
) -> dict[str, Any]:
    point = links.agenda_point(item)
    return {
        "meeting": item.meeting,
        "agenda_point": point,
        "agenda_number": number(point) if point is not None else None,
        "linked": links.linked(item),
        "link_choices": links.choices(session=session, agreement=item)
        if viewer.is_editor
        else None,
    }


PAGE = ItemPage(
    model=Agreement,
    template="pages/agreement.html",
    extra=agreement_extra,
    list_extra=lambda session, _: {"meetings": meetings.list_meetings(session=session)},
)
add_routes(router, PAGE)
