"""The outbox dispatcher: claim due deliveries, send them outside any transaction, mark them.

Claiming pushes a row's `next_attempt_at` one lease ahead, writes the claim's token and counts
the attempt, in a short transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent
dispatchers take disjoint rows; SQLite's `BEGIN IMMEDIATE` serialises them). The lease is
renewed before each send and while a send lasts (`notifications.lease`), and a mark counts
only with the claim's token, so two slow dispatchers never send or mark a row twice. A
dispatcher that dies between send and mark leaves the row to reappear after the lease, so
it may be sent twice, never lost.

Failures back off exponentially with jitter, capped, over at least a day (`retry_window`);
after the last attempt the row is `failed`, listed for admins, who may retry it. Each run
probes one failed-for-a-passing-reason row per channel, and when a send through a channel
works again, what failed there for a passing reason is put back (`notifications.retries`),
so an outage longer than the retries loses nothing either.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from notifications import failures, retries
from notifications.channels import Outcome, Outgoing, email, teams
from notifications.lease import Lease, held_by
from states.delivery import Channel, DeliveryStatus, Failure
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings

Sender = Callable[[Outgoing], Outcome]


def senders(settings: Settings) -> dict[str, Sender]:
    """The channels that send (the inbox needs no sending; e-mail only with a mail server)."""
    channels: dict[str, Sender] = {Channel.teams: lambda d: teams.send(d, settings)}
    if settings.email_on:
        channels[Channel.email] = lambda d: email.send(d, settings)
    return channels


@dataclass
class DispatchReport:
    counts: Counter[str] = field(default_factory=Counter)
    """`sent`, `retry` and `failed` over the whole run; `requeued` (failed rows put back when
    their channel answered again) and `lost` (rows another dispatcher took over) when any."""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.counts)


def backoff(attempts: int, settings: Settings, rng: random.Random | None = None) -> float:
    """Seconds before the next attempt: base·2^(attempts−1), capped, with jitter in [½, 1]."""
    delay = min(
        settings.dispatch_backoff_seconds * 2 ** min(max(attempts - 1, 0), 60),
        settings.dispatch_backoff_max_seconds,
    )
    return (rng or random).uniform(delay / 2, delay)


def retry_window(settings: Settings) -> tuple[float, float]:
    """The shortest and the longest time, in seconds, from a message's first attempt to its
    being marked `failed` while its channel stays unreachable (jitter at either end)."""
    full = sum(
        min(
            settings.dispatch_backoff_seconds * 2 ** min(a - 1, 60),
            settings.dispatch_backoff_max_seconds,
        )
        for a in range(1, settings.dispatch_max_attempts)
    )
    return full / 2, full


@dataclass(frozen=True)
class Claim:
    """The rows one dispatcher took for one lease, and the token that proves it."""

    token: str
    deliveries: list[Outgoing]


def claim(
    *, session: Session, settings: Settings, now: datetime, channels: list[str]
) -> Claim | None:
    """Take up to a batch of due rows for this dispatcher for one lease."""
    ids = session.scalars(
        select(Delivery.id)
        .where(
            Delivery.status == DeliveryStatus.pending,
            Delivery.next_attempt_at <= now,
            Delivery.channel.in_(channels),
        )
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(settings.dispatch_batch)
        .with_for_update(skip_locked=True)
    ).all()
    if not ids:
        return None
    token = uuid.uuid4().hex
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids))
        .values(
            attempts=Delivery.attempts + 1,
            next_attempt_at=now + timedelta(seconds=settings.dispatch_lease_seconds),
            claim_token=token,
        )
        .execution_options(synchronize_session=False)
    )
    rows = session.scalars(select(Delivery).where(Delivery.id.in_(ids)).order_by(Delivery.id)).all()
    session.flush()
    return Claim(
        token=token,
        deliveries=[
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
        ],
    )


def claim_leased(
    *, factory: sessionmaker[Session], settings: Settings, clock: Clock, channels: list[str]
) -> tuple[Claim, Lease] | None:
    """Claim a batch in a transaction of its own, with the lease that keeps it while it is sent."""
    with unit_of_work(factory) as session:
        taken = claim(session=session, settings=settings, now=clock.now(), channels=channels)
    if taken is None:
        return None
    lease = Lease(
        factory=factory,
        token=taken.token,
        ids=[d.id for d in taken.deliveries],
        seconds=settings.dispatch_lease_seconds,
        clock=clock,
    )
    return taken, lease


def mark(
    *,
    session: Session,
    settings: Settings,
    delivery_id: int,
    token: str,
    outcome: Outcome,
    now: datetime,
    rng: random.Random | None = None,
) -> str:
    """Record how a send went, if this claim still holds the row; returns the row's status
    (`sent`, `pending` or `failed`), or `lost` when another dispatcher took the row over."""
    row = session.get(Delivery, delivery_id, with_for_update=True)
    if row is None:
        return "gone"
    if row.claim_token != token or row.status != DeliveryStatus.pending:
        return "lost"
    row.claim_token = None
    if outcome.ok:
        row.status, row.sent_at, row.last_error, row.failure = DeliveryStatus.sent, now, None, None
    else:
        # a server's reply may carry NUL, which PostgreSQL text refuses: the row must be marked
        row.last_error = outcome.error.replace("\x00", "\ufffd") if outcome.error else None
        row.failure = Failure.permanent if outcome.permanent else Failure.transient
        if outcome.permanent or row.attempts >= settings.dispatch_max_attempts:
            row.status = DeliveryStatus.failed
            # for a failed row, when it may be probed to see whether its channel is back
            row.next_attempt_at = now + timedelta(seconds=settings.dispatch_backoff_max_seconds)
        else:
            wait = outcome.retry_after
            if wait is None:
                wait = backoff(row.attempts, settings, rng)
            row.next_attempt_at = now + timedelta(seconds=wait)
    session.flush()
    return row.status


def mark_sent(*, session: Session, ids: list[int], token: str, now: datetime) -> set[int]:
    """Mark the rows of one claim sent, in one statement; the ids this claim still held
    (a row another dispatcher took over is left to it)."""
    if not ids:
        return set()
    done = session.scalars(
        update(Delivery)
        .where(*held_by(token, ids))
        .values(
            status=DeliveryStatus.sent, sent_at=now, last_error=None, failure=None, claim_token=None
        )
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    ).all()
    return set(done)


def run(
    *,
    factory: sessionmaker[Session],
    settings: Settings,
    clock: Clock,
    send: Mapping[str, Sender] | None = None,
    rng: random.Random | None = None,
) -> DispatchReport:
    """Deliver everything due now, batch after batch; the job body of `notifications.dispatch`.

    Owns its transactions (one per claim, per lease renewal, per mark), because sending must
    happen outside them.
    """
    send = send if send is not None else senders(settings)
    report = DispatchReport()
    recovered: set[str] = set()
    with unit_of_work(factory) as session:
        probed = retries.probe(
            session=session, settings=settings, now=clock.now(), channels=list(send)
        )
    if probed:
        report.counts["probed"] += len(probed)
    while True:
        claimed = claim_leased(factory=factory, settings=settings, clock=clock, channels=list(send))
        if claimed is None:
            return report
        taken, lease = claimed
        for delivery in taken.deliveries:
            if delivery.id not in lease.renew():
                report.counts["lost"] += 1
                continue
            with lease.kept():
                outcome = attempt(send[delivery.channel], delivery)
            lease.done(delivery.id)
            with unit_of_work(factory) as session:
                status = mark(
                    session=session,
                    settings=settings,
                    delivery_id=delivery.id,
                    token=taken.token,
                    outcome=outcome,
                    now=clock.now(),
                    rng=rng,
                )
                where = retries.destination(delivery.channel, delivery.address)
                if status == DeliveryStatus.sent and where not in recovered:
                    recovered.add(where)
                    back = retries.after_recovery(
                        session=session,
                        settings=settings,
                        channel=delivery.channel,
                        address=delivery.address,
                        now=clock.now(),
                    )
                    if back:
                        report.counts["requeued"] += back
            report.counts["retry" if status == DeliveryStatus.pending else status] += 1


def attempt(sender: Sender, delivery: Outgoing) -> Outcome:
    try:
        return sender(delivery)
    except Exception as exc:  # a bug in a channel must not stall the queue
        return Outcome(ok=False, error=failures.unexpected(exc))
