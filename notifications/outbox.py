"""The outbox as admins read it: every delivery, filtered by status, item and recipient, newest
first, one page at a time.

A page is found by the id of the last row seen (`before`), over the primary key, so its cost
follows the page, not the table, however many messages were ever sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from notifications.inbox import STATUSES
from states.delivery import Channel, DeliveryStatus
from states.kinds import KINDS
from workflow.engine.actors import Actor, require_admin
from workflow.engine.errors import Invalid
from workflow.items.kinds import history_of
from workflow.models import Delivery


@dataclass(frozen=True)
class OutboxFilter:
    status: str | None = None
    item_kind: str | None = None
    item_id: int | None = None
    recipient: str = ""
    """Part of the recipient's name or address, in any case."""


@dataclass(frozen=True)
class OutboxPage:
    rows: list[Delivery]
    older: int | None
    """The `before` of the next page (older rows), or None on the last page."""


def _where(filters: OutboxFilter) -> list[Any]:
    where: list[Any] = []
    if filters.status is not None:
        if filters.status not in STATUSES:
            raise Invalid(
                f"Estado de envío desconocido: {filters.status}; "
                f"los estados son: {', '.join(STATUSES)}.",
                field="status",
            )
        where.append(Delivery.status == filters.status)
    if filters.item_kind is not None:
        if filters.item_kind not in KINDS:
            raise Invalid(f"Tipo de asunto desconocido: {filters.item_kind}.", field="item_kind")
        where.append(history_of(Delivery, filters.item_kind))
    if filters.item_id is not None:
        where.append(Delivery.item_id == filters.item_id)
    if filters.recipient:
        where.append(
            or_(
                Delivery.recipient_name.icontains(filters.recipient, autoescape=True),
                Delivery.address.icontains(filters.recipient, autoescape=True),
            )
        )
    return where


def page(
    *,
    session: Session,
    actor: Actor,
    filters: OutboxFilter,
    before: int | None = None,
    limit: int = 25,
) -> OutboxPage:
    """One page of deliveries older than `before` (the newest when None)."""
    require_admin(actor)
    where = _where(filters)
    if before is not None:
        where.append(Delivery.id < before)
    rows = list(
        session.scalars(
            select(Delivery).where(*where).order_by(Delivery.id.desc()).limit(limit + 1)
        ).all()
    )
    older = rows[limit - 1].id if len(rows) > limit else None
    return OutboxPage(rows=rows[:limit], older=older)


def failed_count(*, session: Session, actor: Actor) -> int:
    """How many deliveries wait for an admin (over the status index; failures are few)."""
    require_admin(actor)
    return session.scalar(select(func.count()).where(Delivery.status == DeliveryStatus.failed)) or 0


def depth(*, session: Session) -> dict[tuple[str, str], int]:
    """Messages still in the queue (pending or failed) by status and channel, for `/metrics`.

    Sent messages are left out: they only grow, and counting them would read the whole table on
    every scrape; the queue's rows are few and found through the status index."""
    waiting = (DeliveryStatus.pending, DeliveryStatus.failed)
    rows = session.execute(
        select(Delivery.status, Delivery.channel, func.count())
        .where(Delivery.status.in_(waiting))
        .group_by(Delivery.status, Delivery.channel)
    ).all()
    found = {(str(s), str(c)): 0 for s in waiting for c in Channel}
    found.update({(str(status), str(channel)): int(n) for status, channel, n in rows})
    return found
