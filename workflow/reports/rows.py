"""One line of a report: an item with its state, areas, deadline and latest actions.

The actions (avances and cambios de estado) of every item in a section are read in two queries
per kind of item, not two per row, so a report over hundreds of agreements stays quick.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import LIFECYCLES
from states.kinds import KINDS
from states.lifecycle import STAY
from workflow.items.kinds import Tracked, history_of, stored
from workflow.models import Transition, Update

ACTIONS_PER_ROW = 3
"""How many of the latest actions a row shows: a report is read in a session, not a log."""
_CHUNK = 500
"""Ids per `IN (...)`: keeps each query under every backend's parameter limit."""


@dataclass(frozen=True)
class Action:
    """Something done on an item: a progress note or a change of state."""

    at: datetime
    kind: Literal["update", "transition"]
    text: str
    by: str | None
    evidence_url: str | None = None


@dataclass
class ItemRow:
    """What a report says about one item (SPEC §6: clave, acuerdo, áreas, plazo, estado…)."""

    kind: str
    kind_label: str
    id: int
    key: str
    title: str
    text: str
    meeting: str | None
    """The session that approved it (agreements only)."""
    areas: list[str]
    """Area codes, lead area first."""
    area_names: list[str]
    deadline: date | None
    state: str
    state_label: str
    overdue: bool
    progress: int
    relevant: bool
    actions: list[Action] = field(default_factory=list)
    observation: str = ""
    """The secretariat's *observaciones* for this row (written on the report page, stored per
    session and item key; empty in a draft nobody annotated)."""


def is_overdue(item: Tracked, as_of: date) -> bool:
    """Vencido: a deadline before `as_of` and a state that is not final (never stored)."""
    deadline = item.deadline
    return (
        deadline is not None and deadline < as_of and not LIFECYCLES[item.kind].is_final(item.state)
    )


def row_of(item: Tracked, *, as_of: date, actions: list[Action] | None = None) -> ItemRow:
    kind = stored(item)
    meeting = kind.approved_in(item)
    return ItemRow(
        kind=item.kind,
        kind_label=KINDS[item.kind].label,
        id=item.id,
        key=item.key,
        title=item.title,
        text=getattr(item, kind.body.key),
        meeting=meeting.key if meeting is not None else None,
        areas=[a.code for a in item.areas],
        area_names=[a.name for a in item.areas],
        deadline=item.deadline,
        state=item.state,
        state_label=LIFECYCLES[item.kind].state_label(item.state),
        overdue=is_overdue(item, as_of),
        progress=item.progress,
        relevant=item.relevant,
        actions=actions or [],
    )


def rows_of(
    *,
    session: Session,
    items: Sequence[Tracked],
    as_of: date,
    before: datetime | None = None,
    per_row: int = ACTIONS_PER_ROW,
) -> list[ItemRow]:
    """Rows for `items`, in their order, each with its latest actions (those `before`, if given)."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item.id)
    actions: dict[tuple[str, int], list[Action]] = {}
    for kind, ids in by_kind.items():
        actions.update(latest_actions(session=session, kind=kind, ids=ids, before=before))
    return [
        row_of(item, as_of=as_of, actions=actions.get((item.kind, item.id), [])[:per_row])
        for item in items
    ]


def latest_actions(
    *, session: Session, kind: str, ids: Iterable[int], before: datetime | None = None
) -> dict[tuple[str, int], list[Action]]:
    """Every action on the given items, newest first, keyed by (kind, id)."""
    found: dict[tuple[str, int], list[Action]] = defaultdict(list)
    id_list = sorted(set(ids))
    lifecycle = LIFECYCLES[kind]
    for start in range(0, len(id_list), _CHUNK):
        chunk = id_list[start : start + _CHUNK]
        updates = select(Update).where(history_of(Update, kind, chunk)).order_by(Update.id)
        transitions = (
            select(Transition).where(history_of(Transition, kind, chunk)).order_by(Transition.id)
        )
        if before is not None:
            updates = updates.where(Update.created_at < before)
            transitions = transitions.where(Transition.at < before)
        for u in session.scalars(updates).unique():
            found[(kind, u.item_id)].append(
                Action(
                    at=u.created_at,
                    kind="update",
                    text=u.note + (f" (avance {u.progress} %)" if u.progress is not None else ""),
                    by=u.author.name if u.author else None,
                    evidence_url=u.evidence_url
                    or (f"/api/v1/files/{u.file_id}" if u.file_id else None),
                )
            )
        for t in session.scalars(transitions):
            spec = lifecycle.event(t.event)
            text = spec.label if spec else t.event
            if t.note:
                text += f": {t.note}"
            if spec is not None and spec.dest == STAY:
                text += "".join(f" (nueva fecha: {_dmy(str(v))})" for v in (t.data or {}).values())
            found[(kind, t.item_id)].append(
                Action(at=t.at, kind="transition", text=text, by=t.actor_label)
            )
    for rows in found.values():
        # Newest first; among actions recorded at the same instant, the later row first (a
        # transition is recorded after the update that justified it).
        rows.reverse()
        rows.sort(key=lambda a: a.at, reverse=True)
    return found


def _dmy(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso
