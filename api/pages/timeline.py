"""An item's history as one timeline, newest first: state changes, edits and avances interleaved,
as a person reads them ("on the 12th the area reported 70 %, on the 15th Ana changed the title,
on the 20th it asked for review")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import LIFECYCLES
from states.dates_es import short_date
from states.item_fields import DATE_FIELDS, FIELD_LABELS
from states.vocabulary import CONVENIO_KINDS
from workflow.engine import progress
from workflow.engine.edit_history import Change, Edit, edits_of
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
    """`created`, `transition`, `edit` or `update`."""
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


def _facts(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The values an event set, each with the one it replaced when that was recorded."""
    previous = data.get("previous") or {}
    return tuple(
        (
            DATA_LABELS.get(k, k),
            _day(v) + (f" (antes {_day(previous[k])})" if previous.get(k) else ""),
        )
        for k, v in data.items()
        if v and k != "previous"
    )


SHOWN_CHARS = 160
"""A longer value (an acuerdo's text) is cut in the timeline; the page shows it whole."""


def shown_value(field: str, value: Any) -> str:
    """A value of an edited field as a person reads it: quoted, dates in Spanish, lists joined."""
    if value is None or value == "" or value == []:
        return "(vacío)"
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    elif field in DATE_FIELDS:
        text = _day(value)
    elif field == "kind":
        text = CONVENIO_KINDS.get(str(value), str(value))
    else:
        text = str(value)
    if len(text) > SHOWN_CHARS:
        text = text[: SHOWN_CHARS - 1].rstrip() + "…"
    return f"«{text}»"


def said(field: str, change: Change) -> tuple[str, str]:
    """(`Título`, `«X» → «Y»`), or (`Título`, `«Y»`) for an edit recorded without its old value."""
    after = shown_value(field, change.after)
    if change.known_before:
        after = f"{shown_value(field, change.before)} → {after}"
    return FIELD_LABELS.get(field, field), after


def edit_entry(edit: Edit, show_people: bool) -> Entry:
    """«Ana López cambió Título: «X» → «Y»»; several fields: their names, then one line each."""
    subject = f"{edit.by} cambió" if show_people and edit.by else "Se cambió"
    if edit.source == "import":
        subject += " (importación)"
    lines = [said(f, c) for f, c in edit.changes.items()]
    if len(lines) == 1:
        label, values = lines[0]
        return Entry(at=edit.at, kind="edit", title=f"{subject} {label}: {values}", who=None)
    labels = [label for label, _ in lines]
    named = ", ".join(labels[:-1]) + f" y {labels[-1]}"
    return Entry(at=edit.at, kind="edit", title=f"{subject} {named}", who=None, facts=tuple(lines))


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
                facts=_facts(t.data or {}),
                to_state=t.to_state,
            )
        )
    for edit in edits_of(session=session, item_kind=item.kind, item_id=item.id):
        entries.append(edit_entry(edit, show_people))
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
    rank = {"created": 0, "transition": 1, "edit": 1, "update": 2}
    entries.sort(key=lambda e: (e.at, rank[e.kind]), reverse=True)
    return entries
