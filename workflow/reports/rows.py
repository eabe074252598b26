"""One line of a report: an item with its state, areas, deadline and the actions taken, all as
they stood at the report's cut-off (`workflow.reports.as_of`).

"Acciones realizadas" reads as a secretariat writes it: each avance's text as its author wrote
it, dated in Spanish, and each change of state as a short sentence («La UTVOE informó el
cumplimiento el 9 de mayo de 2024.»), never an event name or a person's title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from states import LIFECYCLES
from states.dates_es import long_date
from states.kinds import KINDS
from states.lifecycle import STAY
from states.sentences import sentence, subject
from workflow.items.kinds import Tracked, stored
from workflow.reports import as_of as history
from workflow.reports.as_of import Standing

NEW_VALUES = {"deadline": "Nuevo plazo: {}.", "valid_until": "Vigencia hasta el {}."}
"""What a reschedule or an extension changed, said after its sentence."""
ACTIONS_PER_ROW = 4
"""How many of the latest actions a row shows: a report is read in a session, not a log."""


@dataclass(frozen=True)
class Action:
    """Something done on an item: a progress note or a change of state."""

    at: datetime
    kind: Literal["update", "transition"]
    text: str
    """The whole line, its date included: «9 de mayo de 2024: Memoria remitida…» or «La
    DECEYEC informó el cumplimiento el 9 de mayo de 2024.»"""
    by: str | None = None
    """Kept for the JSON's shape; the sentence names who acted."""
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
    number: int = 0
    """The row's «No.», counted through the whole report (0 outside one)."""
    observation: str = ""
    """The secretariat's *observaciones* for this row (written on the report page, stored per
    session and item key; empty in a draft nobody annotated)."""


def is_overdue(item: Tracked, as_of: date) -> bool:
    """Vencido: a deadline before `as_of` and a state that is not final (never stored)."""
    return overdue_at(item.kind, item.deadline, item.state, as_of)


def overdue_at(kind: str, deadline: date | None, state: str, as_of: date) -> bool:
    return deadline is not None and deadline < as_of and not LIFECYCLES[kind].is_final(state)


def actions_of(item: Tracked, standing: Standing, tz: ZoneInfo) -> list[Action]:
    """Every action before the cut-off, oldest first, each as a line a person would write."""
    lifecycle = LIFECYCLES[item.kind]
    found: list[Action] = [
        Action(
            at=n.at,
            kind="update",
            text=f"{long_date(n.at.astimezone(tz).date())}: {n.text.strip()}",
            evidence_url=n.evidence_url,
        )
        for n in standing.notes
    ]
    for m in standing.moves:
        said = sentence(
            lifecycle, m.event, who=subject(m.role, m.area_code), on=m.at.astimezone(tz).date()
        )
        spec = lifecycle.event(m.event)
        if spec is not None and spec.dest == STAY:
            for name, value in m.data.items():
                day = history.as_date(value)
                if name in NEW_VALUES and isinstance(day, date):
                    said += " " + NEW_VALUES[name].format(long_date(day))
        if m.note and m.note.strip():
            note = m.note.strip()
            said += " " + (note if note[-1] in ".!?" else note + ".")
        found.append(Action(at=m.at, kind="transition", text=said))
    # An avance and the change of state it justified are often recorded together: the avance
    # first, as the person did it.
    found.sort(key=lambda a: (a.at, a.kind == "transition"))
    return found


def row_of(
    item: Tracked, *, as_of: date, standing: Standing, tz: ZoneInfo, per_row: int = ACTIONS_PER_ROW
) -> ItemRow:
    kind = stored(item)
    meeting = kind.approved_in(item)
    deadline = history.deadline_at(item, standing)
    actions = actions_of(item, standing, tz)
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
        deadline=deadline,
        state=standing.state,
        state_label=LIFECYCLES[item.kind].state_label(standing.state),
        overdue=overdue_at(item.kind, deadline, standing.state, as_of),
        progress=standing.progress,
        relevant=item.relevant,
        actions=actions[-per_row:] if per_row else actions,
    )


def rows_of(
    *,
    session: Session,
    items: Sequence[Tracked],
    as_of: date,
    tz: ZoneInfo,
    loaded: history.History | None = None,
    per_row: int = ACTIONS_PER_ROW,
) -> list[ItemRow]:
    """Rows for `items`, in their order, as they stood at the end of the cut-off day `as_of`
    (their history read in one go unless `loaded` already holds it)."""
    found = loaded or history.load(session=session, items=items)
    moment = history.end_of(as_of, tz)
    return [
        row_of(item, as_of=as_of, standing=found.standing(item, moment), tz=tz, per_row=per_row)
        for item in items
    ]
