"""Domain events: appended in the caller's transaction, fanned out later by notifications."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from workflow.engine.actors import Actor
from workflow.models import DomainEvent
from workflow.runtime.clock import Clock


def record(
    *,
    session: Session,
    name: str,
    item: Any,
    actor: Actor,
    clock: Clock,
    payload: dict[str, Any] | None = None,
) -> DomainEvent:
    """Append `{kind}.{name}` for `item` (the transactional outbox of DESIGN.md)."""
    event = DomainEvent(
        name=f"{item.kind}.{name}",
        item_kind=item.kind,
        item_id=item.id,
        payload=payload or {},
        actor_id=actor.user_id,
        created_at=clock.now(),
    )
    session.add(event)
    return event
