"""An item's history as one timeline, newest first: state changes and avances interleaved,
as a person reads them ("on the 12th the area reported 70 %, on the 20th it asked for review")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import LIFECYCLES
from states.dates_es import short_date
from workflow.engine import progress
from workflow.items.kinds import history_of
from workflow.models import DomainEvent, EvidenceFile

DATA_LABELS = {
    "deadline": "Nuevo plazo",
    "signed_on": "Firma",
    "valid_from": "Inicio de vigencia",
    "valid_until": "Fin de vigencia",
}


@dataclass
class Entry:
    at: datetime
    kind: str
    """`created`, `transition` or `update`."""
    title: str
    who: str | None
    note: str | None = None
    progress: int | None = None
    evidence_url: str | None = None
    file: EvidenceFile | None = None
    facts: tuple[tuple[str, str], ...] = ()
    to_state: str | None = None


def _day(value: Any) -> str:
    try:
        return short_date(str(value))
    except ValueError:
        return str(value)


def registered_at(*, session: Session, item: Any) -> datetime:
    """When the item was registered as the workflow saw it (its `created` event, whose clock is
    the one the caller passed in), falling back to the row's own timestamp."""
    at = session.scalar(
        select(DomainEvent.created_at)
        .where(
            history_of(DomainEvent, item.kind, item.id),
            DomainEvent.name == f"{item.kind}.created",
        )
        .order_by(DomainEvent.id)
        .limit(1)
    )
    return at or item.created_at


def timeline(*, session: Session, item: Any, show_people: bool) -> list[Entry]:
    lifecycle = LIFECYCLES[item.kind]
    entries = [
        Entry(
            at=registered_at(session=session, item=item),
            kind="created",
            title=f"Registro ({lifecycle.state_label(lifecycle.initial)})",
            who=None,
        )
    ]
    for t in progress.transitions_of(session=session, item_kind=item.kind, item_id=item.id):
        spec = lifecycle.event(t.event)
        moved = t.from_state != t.to_state
        entries.append(
            Entry(
                at=t.at,
                kind="transition",
                title=(spec.label if spec else t.event)
                + (
                    f": {lifecycle.state_label(t.from_state)} → {lifecycle.state_label(t.to_state)}"
                    if moved
                    else ""
                ),
                who=t.actor_label if show_people else None,
                note=t.note,
                facts=tuple(
                    (DATA_LABELS.get(k, k), _day(v)) for k, v in (t.data or {}).items() if v
                ),
                to_state=t.to_state,
            )
        )
    for u in progress.updates_of(session=session, item_kind=item.kind, item_id=item.id):
        entries.append(
            Entry(
                at=u.created_at,
                kind="update",
                title="Avance registrado",
                who=(u.author.name if u.author else None) if show_people else None,
                note=u.note,
                progress=u.progress,
                evidence_url=u.evidence_url,
                file=u.file if show_people else None,
            )
        )
    rank = {"created": 0, "transition": 1, "update": 2}
    entries.sort(key=lambda e: (e.at, rank[e.kind]), reverse=True)
    return entries
