"""The order of the day of a meeting, rebuilt from its points in order (a point, then its
lettered sub-points), keeping the rows of the points that stay so the acuerdos filed under them
keep their point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine.errors import Invalid
from workflow.models import AgendaItem, Agreement, Meeting

MAX_SUBPOINTS = 26
"""Sub-points are lettered a–z."""


@dataclass
class Entry:
    """One line of the order of the day: a point, or a sub-point of the point above it."""

    text: str
    sub: bool = False
    item_id: int | None = None
    """The row it was when the meeting was read (None for a new line)."""


def number(item: AgendaItem) -> str:
    """`3` for the third point, `3 b)` for the second sub-point under it."""
    point, sub = divmod(item.position, 100)
    return f"{point} {chr(ord('a') + sub - 1)})" if item.parent_position is not None else str(point)


def titled(item: AgendaItem) -> str:
    """`3. Informes` for a point, `3 a) Informe de la Red` for a sub-point."""
    label = number(item)
    return f"{label} {item.text}" if label.endswith(")") else f"{label}. {item.text}"


def replace(*, session: Session, meeting: Meeting, entries: Sequence[Entry]) -> None:
    """Make `entries` the meeting's order of the day (points by hundreds, sub-points between).

    A point that still has acuerdos filed under it cannot be taken out.
    """
    if entries and entries[0].sub:
        raise Invalid("El primer renglón del orden del día debe ser un punto, no un subpunto.")
    existing = {item.id: item for item in meeting.agenda}
    kept: list[AgendaItem] = []
    point = sub = 0
    for entry in entries:
        text = entry.text.strip()
        if not text:
            raise Invalid("Cada punto del orden del día necesita un texto.", field="agenda")
        if entry.sub:
            sub += 1
            if sub > MAX_SUBPOINTS:
                raise Invalid(f"Un punto admite a lo sumo {MAX_SUBPOINTS} subpuntos (a–z).")
        else:
            point, sub = point + 1, 0
        if entry.item_id is None:
            row = AgendaItem()
        elif entry.item_id in existing:
            row = existing.pop(entry.item_id)
        else:
            raise Invalid("Un punto del orden del día no pertenece a esta sesión.", field="agenda")
        row.position = point * 100 + sub
        row.parent_position = point * 100 if entry.sub else None
        row.text = text
        kept.append(row)
    if existing:
        filed = session.scalars(
            select(AgendaItem.text)
            .join(Agreement, Agreement.agenda_item_id == AgendaItem.id)
            .where(AgendaItem.id.in_(existing))
            .limit(1)
        ).first()
        if filed is not None:
            raise Invalid(
                f"El punto «{filed[:80]}» tiene acuerdos registrados; no se puede quitar "
                "del orden del día.",
                field="agenda",
            )
    meeting.agenda = kept
