"""`/api/v1/notifications`: the caller's inbox and preferences; the outbox for admins."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.deps import ActorDep, ClockDep, SessionDep
from api.routes.items import ERRORS
from api.schemas.common import Offset, QueryLine, RowId
from api.schemas.notifications import (
    DeliveryRead,
    KindPreferences,
    NotificationList,
    NotificationRead,
    Preferences,
    RetriedFailed,
)
from notifications import inbox, preferences, retries
from workflow.engine.actors import Actor
from workflow.engine.errors import NotAuthenticated

router = APIRouter(prefix="/api/v1/notifications", tags=["notificaciones"], responses=ERRORS)


@router.get("", response_model=NotificationList, summary="Mis notificaciones (o el buzón)")
def list_notifications(
    session: SessionDep,
    actor: ActorDep,
    status: Annotated[
        str | None,
        QueryLine(
            20, description="Solo administración: filtra todos los envíos (pending, sent, failed)"
        ),
    ] = None,
    outbox: Annotated[bool, Query(description="Solo administración: todos los envíos")] = False,
    unread: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> Any:
    """Without `status`, the caller's in-app notifications; with it, the outbox (admin)."""
    if status is not None or outbox:
        rows, total = inbox.outbox(
            session=session, actor=actor, status=status, limit=limit, offset=offset
        )
        return NotificationList(
            items=[DeliveryRead.of(r) for r in rows], total=total, limit=limit, offset=offset
        )
    rows, total = inbox.own(session=session, actor=actor, unread=unread, limit=limit, offset=offset)
    return NotificationList(
        items=[NotificationRead.of(r) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        unread=inbox.unread_count(session=session, actor=actor),
    )


@router.post("/read", summary="Marcar todas como leídas")
def read_all(session: SessionDep, actor: ActorDep, clock: ClockDep) -> dict[str, int]:
    return {"marked": inbox.mark_all_read(session=session, actor=actor, now=clock.now())}


@router.post(
    "/retry-failed", response_model=RetriedFailed, summary="Reintentar todos los envíos fallidos"
)
def retry_failed(
    session: SessionDep,
    actor: ActorDep,
    clock: ClockDep,
    channel: Annotated[
        Literal["email", "teams"] | None,
        Query(description="Solo los de este canal (email, teams); todos si se omite"),
    ] = None,
) -> Any:
    """Admins put every failed delivery back in the queue, e.g. after fixing the mail server."""
    count = retries.retry_failed(session=session, actor=actor, now=clock.now(), channel=channel)
    return RetriedFailed(requeued=count, channel=channel)


@router.get("/preferences", response_model=Preferences, summary="Mis canales")
def get_preferences(session: SessionDep, actor: ActorDep) -> Any:
    return preferences.get(session=session, user_id=_own(actor))


@router.put("/preferences", response_model=Preferences, summary="Cambiar mis canales")
def put_preferences(body: Preferences, session: SessionDep, actor: ActorDep) -> Any:
    changes = {k: v for k, v in body.model_dump().items() if v is not None}
    return preferences.update(session=session, actor=actor, user_id=_own(actor), changes=changes)


@router.get(
    "/preferences/kinds",
    response_model=dict[str, dict[str, bool]],
    summary="Mis tipos de aviso por canal",
)
def get_kind_preferences(session: SessionDep, actor: ActorDep) -> Any:
    return preferences.get_kinds(session=session, user_id=_own(actor))


@router.put(
    "/preferences/kinds",
    response_model=dict[str, dict[str, bool]],
    summary="Cambiar mis tipos de aviso por canal",
)
def put_kind_preferences(body: KindPreferences, session: SessionDep, actor: ActorDep) -> Any:
    changes = {k: v for k, v in body.model_dump().items() if v is not None}
    return preferences.update_kinds(
        session=session, actor=actor, user_id=_own(actor), changes=changes
    )


@router.post("/{delivery_id}/read", response_model=NotificationRead, summary="Marcar leída")
def read_one(delivery_id: RowId, session: SessionDep, actor: ActorDep, clock: ClockDep) -> Any:
    row = inbox.mark_read(session=session, actor=actor, delivery_id=delivery_id, now=clock.now())
    return NotificationRead.of(row)


@router.post("/{delivery_id}/retry", response_model=DeliveryRead, summary="Reintentar un envío")
def retry(delivery_id: RowId, session: SessionDep, actor: ActorDep, clock: ClockDep) -> Any:
    """Admins put a failed delivery back in the queue."""
    row = inbox.retry(session=session, actor=actor, delivery_id=delivery_id, now=clock.now())
    return DeliveryRead.of(row)


def _own(actor: Actor) -> int:
    if actor.user_id is None:
        raise NotAuthenticated("Las preferencias son de una persona: inicie sesión.")
    return actor.user_id
