"""Bodies of `/api/v1/notifications` and `/api/v1/checks/run`."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from api.schemas.common import BoundedDate, Strict
from states.delivery import Channel
from workflow.models import Delivery


class NotificationRead(BaseModel):
    id: int
    kind: str
    channel: str
    subject: str
    text: str
    link: str | None
    item_kind: str | None
    item_id: int | None
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, row: Delivery) -> NotificationRead:
        return cls(
            id=row.id,
            kind=row.kind,
            channel=row.channel,
            subject=row.subject,
            text=row.body_text,
            link=row.link,
            item_kind=row.item_kind,
            item_id=row.item_id,
            created_at=row.created_at,
            read_at=row.read_at,
        )


class DeliveryRead(NotificationRead):
    """A row of the outbox as admins see it."""

    recipient: str
    address: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    failure: str | None
    """`transient` or `permanent`: whether the last failure may pass by itself."""
    sent_at: datetime | None

    @classmethod
    def of(cls, row: Delivery) -> DeliveryRead:
        return cls(
            **NotificationRead.of(row).model_dump(),
            recipient=row.recipient_name,
            address=row.address if row.channel != Channel.teams else row.address.split("?")[0],
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            last_error=row.last_error,
            failure=row.failure,
            sent_at=row.sent_at,
        )


class NotificationList(BaseModel):
    items: list[DeliveryRead] | list[NotificationRead]
    total: int
    limit: int
    offset: int
    unread: int | None = None


class RetriedFailed(BaseModel):
    requeued: int
    """How many failed deliveries went back to the queue."""
    channel: str | None


class Preferences(Strict):
    email: bool | None = None
    inapp: bool | None = None


class KindPreferences(Strict):
    """Per channel, kinds of message on (true) or off (false); kinds not sent stay as they are.
    Kinds: due_soon, overdue, escalated, expiring, state_change, digest (e-mail only)."""

    email: dict[str, bool] | None = None
    inapp: dict[str, bool] | None = None


class CheckRunRequest(Strict):
    date: BoundedDate | None = None
    """As of which day (institution time); today when absent."""


class CheckRunResult(BaseModel):
    date: dt.date
    checks: list[dict[str, Any]]
    queued_events: int
    fanned_out_events: int
    deliveries: dict[str, int]
