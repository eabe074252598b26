"""The outbox dispatcher: claim due deliveries, send them outside any transaction, mark them.

Claiming pushes a row's `next_attempt_at` one lease ahead and counts the attempt, in a short
transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent dispatchers take disjoint
rows; SQLite's `BEGIN IMMEDIATE` serialises them). Each row is marked right after its send.
A dispatcher that dies between send and mark leaves the row to reappear after the lease, so
it may be sent twice, never lost. Failures back off exponentially with jitter; after the last
attempt the row is `failed`, listed for admins, who may retry it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from notifications.channels import Outcome, Outgoing, email, teams
from workflow.clock import Clock
from workflow.db import unit_of_work
from workflow.models import Delivery
from workflow.settings import Settings

Sender = Callable[[Outgoing], Outcome]


def senders(settings: Settings) -> dict[str, Sender]:
    """The channels that send (the inbox needs no sending)."""
    return {
        "email": lambda d: email.send(d, settings),
        "teams": lambda d: teams.send(d, settings),
    }


@dataclass
class DispatchReport:
    counts: Counter[str] = field(default_factory=Counter)
    """`sent`, `retry` and `failed`, over the whole run."""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.counts)


def backoff(attempts: int, settings: Settings, rng: random.Random | None = None) -> float:
    """Seconds before the next attempt: base·2^(attempts−1), capped, with jitter in [½, 1]."""
    delay = min(
        settings.dispatch_backoff_seconds * 2 ** max(attempts - 1, 0),
        settings.dispatch_backoff_max_seconds,
    )
    return (rng or random).uniform(delay / 2, delay)


def claim(
    *, session: Session, settings: Settings, now: datetime, channels: list[str]
) -> list[Outgoing]:
    """Take up to a batch of due rows for this dispatcher for one lease."""
    ids = session.scalars(
        select(Delivery.id)
        .where(
            Delivery.status == "pending",
            Delivery.next_attempt_at <= now,
            Delivery.channel.in_(channels),
        )
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(settings.dispatch_batch)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return []
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids))
        .values(
            attempts=Delivery.attempts + 1,
            next_attempt_at=now + timedelta(seconds=settings.dispatch_lease_seconds),
        )
    )
    rows = session.scalars(select(Delivery).where(Delivery.id.in_(ids)).order_by(Delivery.id)).all()
    session.flush()
    return [
        Outgoing(
            id=r.id,
            channel=r.channel,
            address=r.address,
            recipient_name=r.recipient_name,
            subject=r.subject,
            body_text=r.body_text,
            body_html=r.body_html,
            card=r.card,
            attempts=r.attempts,
        )
        for r in rows
    ]


def mark(
    *,
    session: Session,
    settings: Settings,
    delivery_id: int,
    outcome: Outcome,
    now: datetime,
    rng: random.Random | None = None,
) -> str:
    """Record how a send went; returns the row's status (`sent`, `pending` or `failed`)."""
    row = session.get(Delivery, delivery_id, with_for_update=True)
    if row is None or row.status != "pending":
        return row.status if row is not None else "gone"
    if outcome.ok:
        row.status, row.sent_at, row.last_error = "sent", now, None
    elif outcome.permanent or row.attempts >= settings.dispatch_max_attempts:
        row.status, row.last_error = "failed", outcome.error
    else:
        wait = outcome.retry_after
        if wait is None:
            wait = backoff(row.attempts, settings, rng)
        row.next_attempt_at = now + timedelta(seconds=wait)
        row.last_error = outcome.error
    session.flush()
    return row.status


def run(
    *,
    factory: sessionmaker[Session],
    settings: Settings,
    clock: Clock,
    send: Mapping[str, Sender] | None = None,
    rng: random.Random | None = None,
) -> DispatchReport:
    """Deliver everything due now, batch after batch; the job body of `notifications.dispatch`.

    Owns its transactions (one per claim, one per mark), because sending must happen outside
    them.
    """
    send = send if send is not None else senders(settings)
    report = DispatchReport()
    while True:
        with unit_of_work(factory) as session:
            batch = claim(session=session, settings=settings, now=clock.now(), channels=list(send))
        if not batch:
            return report
        for delivery in batch:
            try:
                outcome = send[delivery.channel](delivery)
            except Exception as exc:  # a bug in a channel must not stall the queue
                outcome = Outcome(ok=False, error=f"{exc.__class__.__name__}: {exc}")
            with unit_of_work(factory) as session:
                status = mark(
                    session=session,
                    settings=settings,
                    delivery_id=delivery.id,
                    outcome=outcome,
                    now=clock.now(),
                    rng=rng,
                )
            report.counts["retry" if status == "pending" else status] += 1
