"""The draft agenda as a plain form: one row per point (its text, its sub-points one per line,
its place in the order, a box to remove it) and blank rows to add points. Reordering is typing
a number; nothing needs a script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from workflow.reports.agenda import DraftPoint

BLANK_ROWS = 2
"""Empty rows under the points, to add new ones."""
MAX_ROWS = 120
"""Rows read from a posted form; the session itself takes at most 99 points."""


@dataclass
class AgendaRow:
    text: str
    items: list[str] = field(default_factory=list)

    @property
    def items_text(self) -> str:
        return "\n".join(self.items)


def rows_of(points: list[DraftPoint]) -> list[AgendaRow]:
    return [AgendaRow(p.text, list(p.items)) for p in points]


def _text(form: FormData, name: str, limit: int = 20_000) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _order(raw: str, fallback: int) -> float:
    """The place a person typed (1, 2, 2.5 …); rows keep their place when it is not a number."""
    try:
        place = float(raw.replace(",", "."))
    except ValueError:
        return fallback
    return place if place == place and abs(place) < 1e6 else fallback  # NaN and huge: ignored


def posted_rows(form: FormData) -> list[AgendaRow]:
    """The points in the order the form asks for, without the removed and the empty ones."""
    count_raw = _text(form, "puntos", 10)
    count = int(count_raw) if count_raw.isascii() and count_raw.isdigit() else 0
    kept: list[tuple[float, int, AgendaRow]] = []
    for i in range(min(count, MAX_ROWS)):
        text = " ".join(_text(form, f"texto-{i}").split())
        if not text or form.get(f"quitar-{i}"):
            continue
        items = [" ".join(line.split()) for line in _text(form, f"subpuntos-{i}").splitlines()]
        place = _order(_text(form, f"orden-{i}", 20), i + 1)
        kept.append((place, i, AgendaRow(text, [x for x in items if x])))
    return [row for _, _, row in sorted(kept, key=lambda k: (k[0], k[1]))]


def as_agenda(rows: list[AgendaRow]) -> list[dict[str, Any]]:
    """The `agenda` of `POST /api/v1/meetings`, to be validated by the same schema."""
    return [{"text": r.text, "items": r.items} for r in rows]
