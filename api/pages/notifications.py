"""`/notificaciones`: the person's in-app inbox (`notifications.inbox`), newest first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from api.deps import ClockDep, SessionDep
from api.pages.csrf import CheckedForm
from api.pages.paging import Pager, offset_for
from api.pages.rendering import flash, render
from api.pages.viewer import PageActor, SignedInViewer
from notifications import inbox
from workflow.models import Delivery

router = APIRouter(include_in_schema=False)

ITEM_PAGES = {"agreement": "/acuerdos", "convenio": "/convenios", "activity": "/actividades"}


def page_of(row: Delivery) -> str | None:
    """The page of the item the message is about (the e-mail's link names the public URL)."""
    if row.item_kind in ITEM_PAGES and row.item_id is not None:
        return f"{ITEM_PAGES[row.item_kind]}/{row.item_id}"
    return row.link


@router.get("/notificaciones")
def inbox_page(
    request: Request, session: SessionDep, viewer: SignedInViewer, actor: PageActor
) -> Response:
    rows, total = inbox.own(
        session=session, actor=actor, limit=25, offset=offset_for(request.query_params)
    )
    return render(
        request,
        "pages/notifications.html",
        {
            "viewer": viewer,
            "messages": [(row, page_of(row)) for row in rows],
            "pager": Pager.of(request.query_params, total),
        },
    )


@router.post("/notificaciones/leidas")
def mark_all_read(
    request: Request, form: CheckedForm, session: SessionDep, actor: PageActor, clock: ClockDep
) -> Response:
    marked = inbox.mark_all_read(session=session, actor=actor, now=clock.now())
    flash(request, f"Se marcaron {marked} notificaciones como leídas.")
    return RedirectResponse("/notificaciones", status_code=303)
