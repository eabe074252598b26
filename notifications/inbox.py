"""The in-app inbox of each person, and the outbox as admins see it (failed ones to retry)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from notifications.retries import put_back
from states import Role
from states.delivery import Channel, DeliveryStatus
from workflow.engine.actors import Actor, require_admin
from workflow.engine.errors import Invalid, NotAuthenticated, NotFound
from workflow.items.kinds import history_of
from workflow.models import Delivery

STATUSES = tuple(DeliveryStatus)


def _page(
    session: Session, where: Sequence[ColumnElement[bool]], limit: int, offset: int
) -> tuple[list[Delivery], int]:
    total = session.scalar(select(func.count()).select_from(Delivery).where(*where)) or 0
    rows = session.scalars(
        select(Delivery).where(*where).order_by(Delivery.id.desc()).limit(limit).offset(offset)
    ).all()
    return list(rows), total


def own(
    *, session: Session, actor: Actor, unread: bool = False, limit: int = 50, offset: int = 0
) -> tuple[list[Delivery], int]:
    """The caller's in-app notifications, newest first."""
    user_id = _person(actor)
    where = [Delivery.user_id == user_id, Delivery.channel == Channel.inapp]
    if unread:
        where.append(Delivery.read_at.is_(None))
    return _page(session, where, limit, offset)


def unread_count(*, session: Session, actor: Actor) -> int:
    where = [
        Delivery.user_id == _person(actor),
        Delivery.channel == Channel.inapp,
        Delivery.read_at.is_(None),
    ]
    return session.scalar(select(func.count()).select_from(Delivery).where(*where)) or 0


def mark_read(*, session: Session, actor: Actor, delivery_id: int, now: datetime) -> Delivery:
    row = session.get(Delivery, delivery_id)
    if row is None or row.channel != Channel.inapp or row.user_id != _person(actor):
        raise NotFound(f"No tiene una notificación con id {delivery_id}.")
    if row.read_at is None:
        row.read_at = now
    session.flush()
    return row


def mark_all_read(*, session: Session, actor: Actor, now: datetime) -> int:
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.user_id == _person(actor),
            Delivery.channel == Channel.inapp,
            Delivery.read_at.is_(None),
        )
        .values(read_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def mark_item_read(
    *, session: Session, actor: Actor, item_kind: str, item_id: int, now: datetime
) -> int:
    """The person opened the item: their unread notifications about it are read; how many."""
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.user_id == _person(actor),
            Delivery.channel == Channel.inapp,
            history_of(Delivery, item_kind, item_id),
            Delivery.read_at.is_(None),
        )
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def outbox(
    *, session: Session, actor: Actor, status: str | None, limit: int = 50, offset: int = 0
) -> tuple[list[Delivery], int]:
    """Every delivery, filtered by status (admins only): where failed messages are seen."""
    require_admin(actor)
    where = []
    if status is not None:
        if status not in STATUSES:
            raise Invalid(
                f"Estado de envío desconocido: {status}; los estados son: {', '.join(STATUSES)}.",
                field="status",
            )
        where.append(Delivery.status == status)
    return _page(session, where, limit, offset)


def retry(*, session: Session, actor: Actor, delivery_id: int, now: datetime) -> Delivery:
    """Put a failed delivery back in the queue, with a fresh count of attempts."""
    require_admin(actor)
    row = session.get(Delivery, delivery_id)
    if row is None:
        raise NotFound(f"No existe el envío con id {delivery_id}.")
    if row.status != DeliveryStatus.failed:
        raise Invalid(
            f"Solo se reintentan los envíos fallidos; el {delivery_id} está «{row.status}».",
            delivery_status=row.status,
        )
    put_back(session, [Delivery.id == row.id], now=now, requeues=0)
    session.refresh(row)
    return row


def _person(actor: Actor) -> int:
    if actor.user_id is None or actor.role == Role.system:
        raise NotAuthenticated("Las notificaciones son de una persona: inicie sesión.")
    return actor.user_id
