"""The outbox's rows as a test reads them back, fresh from the database."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import Delivery


def deliveries(session: Session, *, kind: str, channel: str) -> list[Delivery]:
    """The deliveries of one kind of event over one channel, oldest first."""
    session.expire_all()
    return list(
        session.scalars(
            select(Delivery)
            .where(Delivery.channel == channel, Delivery.kind == kind)
            .order_by(Delivery.id)
        )
    )
