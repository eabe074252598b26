"""How a check's findings become domain events: one multi-row INSERT that skips known keys.

The dedupe key names the item, the kind of alert and the point of its timeline it stands for
(the deadline and the stage), never the run: a second run the same day, or the run after a
few missed days, finds the key taken and inserts nothing — `ON CONFLICT DO NOTHING` on both
PostgreSQL and SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from workflow.models import DomainEvent
from workflow.runtime.clock import Clock
from workflow.runtime.new_rows import insert_new

CHUNK = 500
"""Rows per round of INSERTs, so memory stays flat on a large backlog."""


@dataclass(frozen=True)
class NewEvent:
    """A domain event a check wants to exist."""

    name: str
    item_kind: str
    item_id: int
    dedupe_key: str
    label: str
    """What a person reads in the report (the item's key, or a person's name)."""
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class Finding:
    """What one check saw (`found`) and which of its events are new (`queued`)."""

    check: str
    found: int = 0
    queued: list[NewEvent] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "found": self.found,
            "queued": len(self.queued),
            "items": [e.label for e in self.queued],
        }


def emit(*, session: Session, clock: Clock, events: Sequence[NewEvent]) -> list[NewEvent]:
    """Insert the events whose key is new; return those (in the order given)."""
    unique = list({e.dedupe_key: e for e in events}.values())
    now = clock.now()
    inserted: set[str] = set()
    for start in range(0, len(unique), CHUNK):
        rows = [
            {
                "name": e.name,
                "item_kind": e.item_kind,
                "item_id": e.item_id,
                "payload": e.payload,
                "actor_id": None,
                "dedupe_key": e.dedupe_key,
                "created_at": now,
            }
            for e in unique[start : start + CHUNK]
        ]
        keys = insert_new(
            session=session,
            model=DomainEvent,
            rows=rows,
            key="dedupe_key",
            returning=DomainEvent.dedupe_key,
        )
        inserted.update(k for k in keys if k is not None)
    return [e for e in unique if e.dedupe_key in inserted]
