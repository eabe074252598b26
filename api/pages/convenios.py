"""`/convenios`: the list, and each convenio with its counterparts, validity, annexes, and
the activities of its plan; both show the plan's progress as `workflow.items.plan_progress`
rolls it up over the annexes."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from sqlalchemy.orm import Session

from api.pages.items import ItemPage, add_routes
from api.pages.viewer import Viewer
from workflow.items import convenios, links, listing
from workflow.items.plan_progress import plan_progress
from workflow.models import Activity, Convenio
from workflow.spreadsheets import transparency

router = APIRouter(include_in_schema=False)


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


def list_extra(session: Session, today: date) -> dict[str, Any]:
    """The list's own choices: today (for validity) and the transparency format's quarter."""
    return {
        "today": today,
        "quarters": transparency.QUARTERS,
        "period": transparency.Period.of(today),
    }


def list_rows(session: Session, today: date, rows: list[Any]) -> dict[str, Any]:
    """Each shown convenio's plan progress, rolled up as its detail page does."""
    return {"plans": plan_progress(session=session, convenios=[c for c, _ in rows], today=today)}


PAGE = ItemPage(
    model=Convenio,
    template="pages/convenio.html",
    extra=convenio_extra,
    list_extra=list_extra,
    list_rows=list_rows,
)
add_routes(router, PAGE)
