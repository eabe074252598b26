"""`/notificaciones`: the person's in-app inbox (`notifications.inbox`), newest first; for
admins also the failed deliveries, with their reason and «Reintentar todos»."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.csrf import CheckedForm
from api.pages.paging import Pager, offset_for
from api.pages.rendering import done, render
from api.pages.viewer import PageActor, SignedInViewer
from notifications import failures, inbox, retries
from states import Role, kinds
from states.dates_es import counted
from states.delivery import Channel, DeliveryStatus
from workflow.engine.actors import Actor
from workflow.models import Delivery

router = APIRouter(include_in_schema=False)

FAILED_SHOWN = 20
CHANNEL_NAMES = {Channel.email: "Correo", Channel.teams: "Teams", Channel.inapp: "Bandeja"}
"""How a page names each channel (here and in /admin/avisos)."""


def page_of(row: Delivery) -> str | None:
    """The page of the item the message is about (the e-mail's link names the public URL)."""
    return kinds.page_of(row.item_kind, row.item_id) or row.link


@router.get("/notificaciones")
def inbox_page(
    request: Request, session: SessionDep, viewer: SignedInViewer, actor: PageActor
) -> Response:
    rows, total = inbox.own(
        session=session, actor=actor, limit=25, offset=offset_for(request.query_params)
    )
    failed: list[Delivery] = []
    failed_total = 0
    if actor.role == Role.admin:
        failed, failed_total = inbox.outbox(
            session=session, actor=actor, status=DeliveryStatus.failed, limit=FAILED_SHOWN
        )
    return render(
        request,
        "pages/notifications.html",
        {
            "viewer": viewer,
            "messages": [(row, page_of(row)) for row in rows],
            "pager": Pager.of(request.query_params, total),
            "is_admin": actor.role == Role.admin,
            "failed": [(row, failures.read(row.last_error)) for row in failed],
            "failed_total": failed_total,
            "channel_names": CHANNEL_NAMES,
        },
    )


@router.post("/notificaciones/leidas")
def mark_all_read(
    request: Request, form: CheckedForm, session: SessionDep, actor: PageActor, clock: ClockDep
) -> Response:
    marked = inbox.mark_all_read(session=session, actor=actor, now=clock.now())
    return done(
        request,
        "/notificaciones",
        (
            "Se marcó 1 notificación como leída."
            if marked == 1
            else f"Se marcaron {counted(marked, 'notificación')} como leídas."
        ),
    )


@router.post("/notificaciones/reintentar")
def retry_failed(
    request: Request, form: CheckedForm, session: SessionDep, actor: PageActor, clock: ClockDep
) -> Response:
    """Admins put every failed delivery back in the queue; the dispatcher sends them next."""
    return requeue_failed(
        request, session=session, actor=actor, now=clock.now(), to="/notificaciones"
    )


def requeue_failed(
    request: Request,
    *,
    session: Session,
    actor: Actor,
    now: datetime,
    to: str,
    noun: str = "envíos",
) -> Response:
    """Every failed delivery back in the queue (the dispatcher sends them on its next run), said
    with the page's `noun` for them; then back to `to`."""
    count = retries.retry_failed(session=session, actor=actor, now=now)
    if count:
        verb = "Se volvió" if count == 1 else "Se volvieron"
        what = counted(count, f"{noun.removesuffix('s')} fallido", f"{noun} fallidos")
        return done(request, to, f"{verb} a poner en cola {what}.")
    return done(request, to, f"No había {noun} fallidos que reintentar.")
