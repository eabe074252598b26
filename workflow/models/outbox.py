"""The notification outbox: one delivery row per recipient and channel, and preferences.

A delivery is rendered when it is queued (subject, text, HTML, Teams card), so the dispatcher
only sends. An in-app row's text is the message's one-line summary (the inbox shows a title, a
line and a link), not the e-mail body with its greeting, signature and preferences line.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from states.delivery import DeliveryStatus
from workflow.models.base import Base, Timestamped, UTCDateTime


class Delivery(Timestamped, Base):
    """One message to one recipient over one channel; `key` is unique, so a re-run adds none.

    `status` is `pending` (waiting or being sent), `sent` or `failed`. A dispatcher claims a
    row by pushing `next_attempt_at` one lease ahead and writing its `claim_token`, so a crashed
    sender's rows come back, and a sender whose lease was taken over cannot mark the row.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_due", "status", "next_attempt_at"),
        Index("ix_deliveries_inbox", "user_id", "channel", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("domain_events.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(1000))
    """An e-mail address, a Teams Workflows webhook URL, or the user id for the inbox."""
    recipient_name: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(60))
    item_kind: Mapped[str | None] = mapped_column(String(20))
    item_id: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    card: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    link: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(10), default=DeliveryStatus.pending)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    """Why the last attempt failed, in Spanish for the admin who reads the outbox."""
    failure: Mapped[str | None] = mapped_column(String(10))
    """`transient` (worth another try when the channel answers again) or `permanent`."""
    requeues: Mapped[int] = mapped_column(Integer, default=0)
    """How often the dispatcher put this failed row back by itself (bounded; admins reset it)."""
    claim_token: Mapped[str | None] = mapped_column(String(32))
    """The claim of the dispatcher sending this row now; marks must present it."""
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class NotificationPreference(Base):
    """A person's choice for one channel; without a row, e-mail and the inbox are on."""

    __tablename__ = "notification_preferences"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class NotificationKindPreference(Base):
    """A person's choice for one kind of message (overdue, due soon, …) over one channel; without
    a row it is on. A message goes out when both its channel and its kind are on."""

    __tablename__ = "notification_kind_preferences"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    template: Mapped[str] = mapped_column(String(30), primary_key=True)
    """The rule's template that writes the message (`overdue`, `due_soon`, …)."""
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
