"""The lease a dispatcher holds on the rows it claimed, kept while it works through them.

A claim writes a token and pushes `next_attempt_at` one lease ahead. Before each send the
dispatcher renews the lease of every row it still holds (one UPDATE by id and token), and
while a send lasts a heartbeat renews it every third of the lease, so a slow server never
lets another dispatcher take a row over mid-send. A row whose token changed anyway (a
dispatcher that stalled longer than its lease) is dropped: not sent, not marked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session, sessionmaker

from states.delivery import DeliveryStatus
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work

log = logging.getLogger("seguimiento.dispatch")


def held_by(token: str, ids: Iterable[int]) -> list[ColumnElement[bool]]:
    """The rows among `ids` that the claim `token` still holds and nobody has marked."""
    return [
        Delivery.id.in_(list(ids)),
        Delivery.claim_token == token,
        Delivery.status == DeliveryStatus.pending,
    ]


def renew(*, session: Session, token: str, ids: Iterable[int], until: datetime) -> set[int]:
    """Push the lease of the rows this claim still holds to `until`; the ids still held."""
    ids = list(ids)
    if not ids:
        return set()
    held = session.scalars(
        update(Delivery)
        .where(*held_by(token, ids))
        .values(next_attempt_at=until)
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    ).all()
    return set(held)


class Lease:
    """The rows of one claim that this dispatcher has not yet sent."""

    def __init__(
        self,
        *,
        factory: sessionmaker[Session],
        token: str,
        ids: Iterable[int],
        seconds: float,
        clock: Clock,
    ) -> None:
        self.factory, self.token, self.seconds, self.clock = factory, token, seconds, clock
        self.held: list[int] = list(ids)
        self.renewed = time.monotonic()

    def renew(self) -> set[int]:
        """Renew the lease of the rows still held; forget those another dispatcher took."""
        until = self.clock.now() + timedelta(seconds=self.seconds)
        with unit_of_work(self.factory) as session:
            held = renew(session=session, token=self.token, ids=self.held, until=until)
        self.held = [i for i in self.held if i in held]
        self.renewed = time.monotonic()
        return held

    def holds(self, delivery_id: int) -> bool:
        """Whether the row is still this claim's, renewing first only when a third of the lease
        went by since the last renewal (a paused process), so a batch costs no query per row."""
        if time.monotonic() - self.renewed > self.seconds / 3:
            self.renew()
        return delivery_id in self.held

    def release(self) -> int:
        """Give back the rows not yet sent (a worker asked to stop): due again now, for any
        dispatcher, and the attempt their claim counted is not counted."""
        if not self.held:
            return 0
        with unit_of_work(self.factory) as session:
            freed = session.execute(
                update(Delivery)
                .where(*held_by(self.token, self.held))
                .values(
                    claim_token=None,
                    next_attempt_at=self.clock.now(),
                    attempts=Delivery.attempts - 1,
                )
                .execution_options(synchronize_session=False)
            )
        self.held = []
        return int(getattr(freed, "rowcount", 0) or 0)

    def done(self, delivery_id: int) -> None:
        if delivery_id in self.held:
            self.held.remove(delivery_id)

    @contextmanager
    def kept(self) -> Iterator[None]:
        """While the body runs (a send), renew the lease every third of it."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.seconds / 3):
                try:
                    self.renew()
                except Exception:  # the database is away: the mark will find out
                    log.exception("No se pudo renovar el plazo de los envíos en curso.")

        thread = threading.Thread(target=beat, name="seguimiento-lease", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
