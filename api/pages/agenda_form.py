"""The order of the day as the session form holds it, before it is saved: rows in order with a
position field, moved, added and removed by plain submit buttons (no script needed).

A point carries its sub-points with it when it moves or goes; a sub-point moves among its
point's sub-points. Every button re-renders the form with what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import FormData

from api.pages.fields import text
from workflow.items.session_agenda import Entry
from workflow.models import Meeting
from workflow.reports.agenda import DraftAgenda

MAX_ROWS = 300
"""More rows than any order of the day has; a form that claims more is cut there."""

_ROW_FIELD = re.compile(r"agenda-(\d{1,3})-text")
_ACTION = re.compile(r"(up|down|remove|sub)-(\d{1,3})")


@dataclass
class Row:
    text: str
    sub: bool = False
    item_id: int | None = None
    error: str | None = None


def _number(raw: str, limit: int) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= len(str(limit)) else None


def from_meeting(meeting: Meeting) -> list[Row]:
    return [Row(a.text, a.parent_position is not None, a.id) for a in meeting.agenda]


def from_draft(draft: DraftAgenda) -> list[Row]:
    """The draft agenda of the organ's next ordinary session, each point with its sub-points."""
    return [
        row for p in draft.points for row in (Row(p.text), *(Row(s, sub=True) for s in p.items))
    ]


def from_form(form: FormData) -> list[Row]:
    """The rows as posted, in the order their position fields say (ties keep the page's order)."""
    indexes = sorted({int(m.group(1)) for k in form if (m := _ROW_FIELD.fullmatch(k))})
    placed: list[tuple[int, int, Row]] = []
    for index in indexes[:MAX_ROWS]:
        prefix = f"agenda-{index}-"
        position = _number(text(form, prefix + "pos"), 9999)
        placed.append(
            (
                position if position is not None else index + 1,
                index,
                Row(
                    text=text(form, prefix + "text"),
                    sub=text(form, prefix + "sub") == "1",
                    item_id=_number(text(form, prefix + "id"), 10**9),
                ),
            )
        )
    placed.sort(key=lambda p: (p[0], p[1]))
    by_index = {index: row for _, index, row in placed}
    rows = [row for _, _, row in placed]
    action = _ACTION.fullmatch(text(form, "action"))
    if action and int(action.group(2)) in by_index:
        rows = apply(rows, action.group(1), by_index[int(action.group(2))])
    elif text(form, "action") == "add-point":
        rows.append(Row(""))
    return rows


def _blocks(rows: list[Row]) -> list[list[Row]]:
    """A point with its sub-points; sub-points before any point make a block of their own."""
    blocks: list[list[Row]] = []
    for row in rows:
        if row.sub and blocks:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return blocks


def apply(rows: list[Row], verb: str, target: Row) -> list[Row]:
    blocks = _blocks(rows)
    where = next(i for i, b in enumerate(blocks) if any(r is target for r in b))
    block = blocks[where]
    if verb == "sub":
        block.append(Row("", sub=True))
    elif target is block[0]:  # a point: it moves or goes with its sub-points
        if verb == "remove":
            del blocks[where]
        else:
            other = where - 1 if verb == "up" else where + 1
            if 0 <= other < len(blocks):
                blocks[where], blocks[other] = blocks[other], blocks[where]
    else:
        at = next(i for i, r in enumerate(block) if r is target)
        if verb == "remove":
            del block[at]
        else:
            other = at - 1 if verb == "up" else at + 1
            if 1 <= other < len(block):
                block[at], block[other] = block[other], block[at]
    return [row for b in blocks for row in b]


def numbers(rows: list[Row]) -> list[str]:
    """`1`, `2`, `2 a)`… as the rows stand now."""
    labels, point, sub = [], 0, 0
    for row in rows:
        if row.sub and point:
            sub += 1
            labels.append(f"{point} {chr(ord('a') + sub - 1)})")
        else:
            point, sub = point + 1, 0
            labels.append(str(point))
    return labels


def entries(rows: list[Row]) -> list[Entry]:
    """What the workflow saves: new rows left blank are dropped, not refused."""
    return [Entry(r.text, r.sub, r.item_id) for r in rows if r.text or r.item_id is not None]
