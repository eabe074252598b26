"""`seguimiento dispatch --worker`: the outbox delivered by long-running processes, as many as
one likes on as many hosts, beside a scheduler leader that only queues.

A worker runs `dispatch_concurrency` lanes. A lane claims one batch with the dispatcher's lease
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, so lanes and workers take disjoint rows), sends it over
one SMTP connection opened for that batch, and marks what was sent in one statement (a failure,
rarer, is marked row by row, with its backoff). When nothing is due a lane waits
`dispatch_poll_seconds`. Asked to stop, a lane finishes the message it is sending, marks what it
sent and gives the rest of its batch back, due again at once, so no row stays leased to a
process that is gone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy.orm import Session, sessionmaker

from notifications import retries
from notifications.channels import Outcome, Outgoing, email, teams
from notifications.dispatcher import Sender, attempt, claim_leased, mark, mark_sent
from states.delivery import Channel, DeliveryStatus
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings

log = logging.getLogger("seguimiento.dispatch")

BatchSenders = Callable[[], AbstractContextManager[Mapping[str, Sender]]]
"""Opens the channels for one batch (one SMTP connection) and closes them after it."""


def batch_senders(settings: Settings) -> BatchSenders:
    @contextmanager
    def opened() -> Iterator[Mapping[str, Sender]]:
        channels: dict[str, Sender] = {Channel.teams: lambda d: teams.send(d, settings)}
        if not settings.email_on:
            yield channels
            return
        with email.Connection(settings) as smtp:
            channels[Channel.email] = smtp.send
            yield channels

    return opened


def deliver_batch(
    *,
    factory: sessionmaker[Session],
    settings: Settings,
    clock: Clock,
    stop: threading.Event,
    senders: BatchSenders,
) -> Counter[str] | None:
    """Claim, send and mark one batch; what happened to its rows, or None when nothing was due."""
    counts: Counter[str] = Counter()
    with senders() as send:
        claimed = claim_leased(factory=factory, settings=settings, clock=clock, channels=list(send))
        if claimed is None:
            return None
        taken, lease = claimed
        outcomes: dict[int, Outcome] = {}
        try:
            with lease.kept():
                for delivery in taken.deliveries:
                    if stop.is_set():
                        break
                    if not lease.holds(delivery.id):
                        counts["lost"] += 1
                        continue
                    outcomes[delivery.id] = attempt(send[delivery.channel], delivery)
                    lease.done(delivery.id)
        finally:
            counts.update(_mark(factory, settings, clock, taken.token, taken.deliveries, outcomes))
            # after the marks, so a row sent and marked is never handed back
            released = lease.release()
            if released:
                counts["released"] += released
    return counts


def _mark(
    factory: sessionmaker[Session],
    settings: Settings,
    clock: Clock,
    token: str,
    deliveries: list[Outgoing],
    outcomes: Mapping[int, Outcome],
) -> Counter[str]:
    counts: Counter[str] = Counter()
    ok = [i for i, outcome in outcomes.items() if outcome.ok]
    with unit_of_work(factory) as session:
        now = clock.now()
        marked = mark_sent(session=session, ids=ok, token=token, now=now)
        counts["sent"] += len(marked)
        counts["lost"] += len(ok) - len(marked)
        for delivery_id, outcome in outcomes.items():
            if outcome.ok:
                continue
            status = mark(
                session=session,
                settings=settings,
                delivery_id=delivery_id,
                token=token,
                outcome=outcome,
                now=now,
            )
            counts["retry" if status == DeliveryStatus.pending else status] += 1
        recovered = {
            retries.destination(d.channel, d.address): d for d in deliveries if d.id in marked
        }
        for d in recovered.values():
            back = retries.after_recovery(
                session=session, settings=settings, channel=d.channel, address=d.address, now=now
            )
            if back:
                counts["requeued"] += back
    return counts


class Worker:
    """The lanes of one `dispatch --worker` process, and what they did so far."""

    def __init__(
        self,
        *,
        factory: sessionmaker[Session],
        settings: Settings,
        clock: Clock | None = None,
        senders: BatchSenders | None = None,
    ) -> None:
        self.factory, self.settings = factory, settings
        self.clock = clock or Clock(tz=settings.tz)
        self.senders = senders or batch_senders(settings)
        self.stop = threading.Event()
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def run(self) -> Counter[str]:
        """Deliver until `stop` is set; returns the totals once every lane has finished."""
        lanes = [
            threading.Thread(target=self._lane, args=(n,), name=f"seguimiento-dispatch-{n}")
            for n in range(self.settings.dispatch_concurrency)
        ]
        for lane in lanes:
            lane.start()
        for lane in lanes:
            lane.join()
        return self.counts

    def _lane(self, number: int) -> None:
        probed_at = 0.0
        poll = self.settings.dispatch_poll_seconds
        while not self.stop.is_set():
            try:
                if number == 0 and time.monotonic() - probed_at > poll:
                    probed_at = time.monotonic()
                    self._probe()
                done = deliver_batch(
                    factory=self.factory,
                    settings=self.settings,
                    clock=self.clock,
                    stop=self.stop,
                    senders=self.senders,
                )
            except Exception:  # the database is away: wait and try again, never die
                log.exception("El despachador no pudo completar un lote; lo intenta de nuevo.")
                done = None
            if done is None:
                self.stop.wait(poll)
                continue
            with self._lock:
                self.counts.update(done)
            log.info("Lote entregado: %s.", ", ".join(f"{k} {v}" for k, v in sorted(done.items())))

    def _probe(self) -> None:
        """Try one failed-for-a-passing-reason row per channel, as each one-pass run does."""
        with self.senders() as send, unit_of_work(self.factory) as session:
            probed = retries.probe(
                session=session, settings=self.settings, now=self.clock.now(), channels=list(send)
            )
        if probed:
            with self._lock:
                self.counts["probed"] += len(probed)
