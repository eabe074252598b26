"""Progress updates (avances): a dated note, optional progress and evidence, on any item."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.actors import Actor, require_may_update
from workflow.clock import Clock
from workflow.errors import Invalid
from workflow.events import record
from workflow.models import EvidenceFile, Item, Transition, Update


def add_update(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    item: Item,
    note: str,
    progress: int | None = None,
    evidence_url: str | None = None,
    evidence: EvidenceFile | None = None,
) -> Update:
    """Record an avance; a given progress becomes the item's progress (and bumps its version)."""
    require_may_update(actor, item)
    if not note or not note.strip():
        raise Invalid("La nota del avance no puede estar vacía («note»).", field="note")
    if progress is not None and not 0 <= progress <= 100:
        raise Invalid("El avance («progress») va de 0 a 100.", field="progress")
    update = Update(
        item_kind=item.kind,
        item_id=item.id,
        note=note.strip(),
        progress=progress,
        evidence_url=evidence_url,
        file_id=evidence.id if evidence else None,
        author_id=actor.user_id,
        created_at=clock.now(),
    )
    session.add(update)
    if progress is not None and hasattr(item, "progress"):
        item.progress = progress
    record(
        session=session,
        name="updated",
        item=item,
        actor=actor,
        clock=clock,
        payload={"progress": progress, "note": update.note},
    )
    session.flush()
    return update


def updates_of(*, session: Session, item_kind: str, item_id: int) -> Sequence[Update]:
    return (
        session.scalars(
            select(Update)
            .where(Update.item_kind == item_kind, Update.item_id == item_id)
            .order_by(Update.created_at.desc(), Update.id.desc())
        )
        .unique()
        .all()
    )


def transitions_of(*, session: Session, item_kind: str, item_id: int) -> Sequence[Transition]:
    return session.scalars(
        select(Transition)
        .where(Transition.item_kind == item_kind, Transition.item_id == item_id)
        .order_by(Transition.id)
    ).all()
