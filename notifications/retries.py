"""Putting failed deliveries back in the queue: all at once by an admin (the API, the
notifications page, `seguimiento dispatch --retry-failed`), and by the dispatcher itself when
a channel answers again after an outage.

The dispatcher puts back only what failed for a passing reason (the server was down or slow,
a 4xx, a Teams 5xx or 429), and at most `dispatch_requeue_limit` times, so a recipient that is
refused for good or a webhook that keeps failing ends up `failed`, in front of an admin,
instead of cycling unseen. When nothing else is being sent, it finds out that a channel is
back by probing: each run tries one such failed message per channel again, and a failed
message waits `dispatch_backoff_max_seconds` between probes (its `next_attempt_at`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from states.delivery import SENDING_CHANNELS, Channel, DeliveryStatus, Failure
from workflow.engine.actors import Actor, require_admin
from workflow.engine.errors import Invalid
from workflow.models import Delivery
from workflow.runtime.settings import Settings


def retry_failed(
    *, session: Session, actor: Actor, now: datetime, channel: str | None = None
) -> int:
    """Put every failed delivery (of one channel, if given) back in the queue, with a fresh
    count of attempts; how many."""
    require_admin(actor)
    where = [Delivery.status == DeliveryStatus.failed]
    if channel is not None:
        if channel not in SENDING_CHANNELS:
            raise Invalid(
                f"Canal desconocido: {channel}; "
                f"los canales que envían son: {', '.join(SENDING_CHANNELS)}.",
                field="channel",
            )
        where.append(Delivery.channel == channel)
    return put_back(session, where, now=now, requeues=0)


def destination(channel: str, address: str) -> str:
    """What a success proves reachable: the SMTP server for e-mail, the webhook's host for
    Teams (each area's webhook is its own flow, but an outage of the service hits them all)."""
    if channel != Channel.teams:
        return channel
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}/"


def after_recovery(
    *, session: Session, settings: Settings, channel: str, address: str, now: datetime
) -> int:
    """A send through `channel` to `address` just worked: put back what failed on the way
    there for a passing reason, within the requeue limit; how many."""
    where = [
        Delivery.status == DeliveryStatus.failed,
        Delivery.channel == channel,
        Delivery.failure == Failure.transient,
        Delivery.requeues < settings.dispatch_requeue_limit,
    ]
    if channel == Channel.teams:
        where.append(Delivery.address.startswith(destination(channel, address), autoescape=True))
    return put_back(session, where, now=now, requeues=Delivery.requeues + 1)


def probe(*, session: Session, settings: Settings, now: datetime, channels: list[str]) -> list[int]:
    """Make one failed-for-a-passing-reason message per channel due again, for one attempt:
    if it goes through, `after_recovery` puts back the rest; if not, it is `failed` again."""
    probed: list[int] = []
    for channel in channels:
        if channel not in SENDING_CHANNELS:
            continue
        row_id = session.scalar(
            select(Delivery.id)
            .where(
                Delivery.status == DeliveryStatus.failed,
                Delivery.next_attempt_at <= now,
                Delivery.channel == channel,
                Delivery.failure == Failure.transient,
                Delivery.requeues < settings.dispatch_requeue_limit,
            )
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if row_id is None:
            continue
        session.execute(
            update(Delivery)
            .where(Delivery.id == row_id)
            .values(
                status=DeliveryStatus.pending,
                attempts=max(settings.dispatch_max_attempts - 1, 0),
                next_attempt_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        probed.append(row_id)
    return probed


def put_back(
    session: Session, where: list[ColumnElement[bool]], *, now: datetime, requeues: Any
) -> int:
    """Back to the queue, due now, with a fresh count of attempts: every retry (one message,
    all failed, or after the channel answered again) resets the same fields; how many."""
    result = session.execute(
        update(Delivery)
        .where(*where)
        .values(status=DeliveryStatus.pending, attempts=0, next_attempt_at=now, requeues=requeues)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
