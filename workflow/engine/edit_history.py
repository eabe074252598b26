"""An item's edits read back from its `edited` events: who changed which field from what to what.

Edits recorded before the old value was kept carry only the new one (`{"changes": {field:
new}}`); they read with `before` unknown, so old histories still show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.items.kinds import history_of
from workflow.models import DomainEvent, User


@dataclass(frozen=True)
class Change:
    before: Any
    after: Any
    known_before: bool = True
    """False for an edit recorded before old values were kept (`before` is then None)."""


@dataclass(frozen=True)
class Edit:
    at: datetime
    by: str | None
    """The person's name; None when nobody is recorded (a system edit)."""
    changes: dict[str, Change]
    source: str | None = None
    """`import` for an edit an imported file made."""


def change_of(recorded: Any) -> Change:
    """One field of a payload, in either form it was recorded."""
    if isinstance(recorded, dict) and recorded.keys() == {"from", "to"}:
        return Change(recorded["from"], recorded["to"])
    return Change(None, recorded, known_before=False)


def edits_of(*, session: Session, item_kind: str, item_id: int) -> Sequence[Edit]:
    """The item's edits, oldest first."""
    rows = session.execute(
        select(DomainEvent, User.name)
        .outerjoin(User, User.id == DomainEvent.actor_id)
        .where(
            history_of(DomainEvent, item_kind, item_id),
            DomainEvent.name == f"{item_kind}.edited",
        )
        .order_by(DomainEvent.id)
    ).all()
    edits = []
    for event, name in rows:
        payload = event.payload or {}
        changes = payload.get("changes")
        if not isinstance(changes, dict) or not changes:
            continue
        edits.append(
            Edit(
                at=event.created_at,
                by=name,
                changes={str(f): change_of(v) for f, v in changes.items()},
                source=payload.get("source"),
            )
        )
    return edits
