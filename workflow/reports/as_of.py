"""Items as they stood at a cut-off, rebuilt from their history (SPEC §6a).

A report presented at a session is a record: what it says of an item (state, progress,
deadline after reschedules, validity after extensions, the actions taken) must read the same
when it is generated again months later. So nothing here reads an item's current state: it
replays the item's `transitions` and `updates` that happened before the cut-off, which are
append-only. Everything recorded at or after the cut-off is invisible.

The history of a whole report's items is read in two queries per kind of item (transitions with
who acted, updates), not per row.

A transition keeps the values it set and, since they were recorded, the ones it replaced
(`data["previous"]`): a deadline or validity changed only *after* the cut-off shows the value it
had then. A change recorded before the previous values were kept still shows today's value.

An item created after the cut-off did not exist then: `History.existed` says so from the
earliest trace of it (its row, its «created» event, its first transition or avance), so a
database loaded with dated history (the demo) and a live one read alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from states import LIFECYCLES
from states.lifecycle import STAY
from workflow.items.kinds import STORED, Tracked, history_of, stored
from workflow.models import (
    Activity,
    Agreement,
    Area,
    Convenio,
    DomainEvent,
    Meeting,
    Transition,
    Update,
    User,
)

_CHUNK = 500
"""Ids per `IN (...)`: keeps each query under every backend's parameter limit."""


def end_of(day: date, tz: ZoneInfo) -> datetime:
    """The first instant after `day` in the institution's time zone: a cut-off "al 23 de mayo"
    includes everything recorded on the 23rd."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


@dataclass(frozen=True)
class Move:
    """One recorded event of an item, with who acted (their role and area, for the sentence)."""

    at: datetime
    event: str
    from_state: str
    to_state: str
    data: dict[str, Any]
    note: str | None
    role: str | None
    area_code: str | None


@dataclass(frozen=True)
class Note:
    """One avance, as its author wrote it."""

    at: datetime
    text: str
    progress: int | None
    evidence_url: str | None
    role: str | None
    area_code: str | None


@dataclass(frozen=True)
class Standing:
    """An item at the cut-off: its state, progress and event-set fields (deadline, validity),
    and what was done to it before then, oldest first."""

    state: str
    progress: int
    fields: dict[str, Any]
    moves: list[Move]
    notes: list[Note]

    def get(self, name: str, current: Any) -> Any:
        return self.fields.get(name, current)


@dataclass
class History:
    """Every recorded move and note of some items, oldest first, keyed by (kind, id)."""

    moves: dict[tuple[str, int], list[Move]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[tuple[str, int], list[Note]] = field(default_factory=lambda: defaultdict(list))
    edits: dict[tuple[str, int], list[tuple[datetime, dict[str, Any]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    """Edits of the deadline column no event sets (an activity's due date): when, and the
    `{"from", "to"}` of the change."""
    created: dict[tuple[str, int], datetime] = field(default_factory=dict)
    """When each item's «created» event was recorded (the clock of whoever created it)."""

    def existed(self, item: Tracked, moment: datetime) -> bool:
        """Whether `item` had been created before `moment`: its earliest trace is earlier."""
        key = (item.kind, item.id)
        traces = [item.created_at, self.created.get(key)]
        traces += [m.at for m in self.moves.get(key, [])[:1]]
        traces += [n.at for n in self.notes.get(key, [])[:1]]
        return min(t for t in traces if t is not None) < moment

    def standing(self, item: Tracked, moment: datetime) -> Standing:
        """`item` as it stood just before `moment`."""
        key = (item.kind, item.id)
        lifecycle = LIFECYCLES[item.kind]
        every = self.moves.get(key, [])
        moves = [m for m in every if m.at < moment]
        notes = [n for n in self.notes.get(key, []) if n.at < moment]
        if moves:
            state = moves[-1].to_state
        else:
            later = [m for m in every if m.at >= moment]
            state = later[0].from_state if later else item.state
        progress_marks: list[tuple[datetime, int]] = [
            (n.at, n.progress) for n in notes if n.progress is not None
        ]
        for m in moves:
            spec = lifecycle.event(m.event)
            if spec is not None and spec.progress is not None:
                progress_marks.append((m.at, spec.progress))
        progress_marks.sort(key=lambda mark: mark[0])
        if progress_marks:
            progress = progress_marks[-1][1]
        elif every or self.notes.get(key):
            progress = 0
        else:
            progress = item.progress
        fields = _fields(item, every, moment)
        fields.update(_edited(item, self.edits.get(key, []), moment))
        return Standing(state, progress, fields, moves, notes)


def _fields(item: Tracked, every: Sequence[Move], moment: datetime) -> dict[str, Any]:
    """The values events set (deadline, signed_on, valid_from, valid_until) at `moment`: the one
    the first later change replaced, when it was recorded; else the last value set before it;
    none yet when the first setting event changed state (the fields begin
    with it, as a convenio's validity begins with its signature); the current value otherwise."""
    lifecycle = LIFECYCLES[item.kind]
    found: dict[str, Any] = {}
    settable = {f for e in lifecycle.events for f in (*e.sets, *e.optional_sets)}
    for name in settable:
        setting = [m for m in every if name in m.data]
        before = [m for m in setting if m.at < moment]
        after = [m for m in setting if m.at >= moment]
        replaced = after[0].data.get("previous") if after else None
        if isinstance(replaced, dict) and name in replaced:
            found[name] = as_date(replaced[name])
        elif before:
            found[name] = as_date(before[-1].data[name])
        elif setting:
            spec = lifecycle.event(setting[0].event)
            if spec is not None and spec.dest != STAY:
                found[name] = None
    return found


def _edited(
    item: Tracked, edits: Sequence[tuple[datetime, dict[str, Any]]], moment: datetime
) -> dict[str, Any]:
    """The deadline column's value at `moment` when edits change it (no event does): the one
    the first later edit replaced; else the one the last earlier edit wrote."""
    name = stored(item).deadline.key
    after = [c for at, c in edits if at >= moment and "from" in c]
    before = [c for at, c in edits if at < moment and "to" in c]
    if after:
        return {name: as_date(after[0]["from"])}
    if before:
        return {name: as_date(before[-1]["to"])}
    return {}


def as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def load(*, session: Session, items: Iterable[Tracked]) -> History:
    """The history of `items`: per kind, one query for transitions and one for updates (in
    chunks of ids), each with the acting person's role and area."""
    by_kind: dict[str, set[int]] = defaultdict(set)
    for item in items:
        by_kind[item.kind].add(item.id)
    history = History()
    for kind, ids in by_kind.items():
        id_list = sorted(ids)
        for start in range(0, len(id_list), _CHUNK):
            _load_chunk(session, history, kind, id_list[start : start + _CHUNK])
    return history


def _with_actor(
    table: type[Transition] | type[Update], ids: list[int], kind: str
) -> Select[Any, str, str]:
    """Rows of `table` about the items, oldest first, each with its actor's role and area."""
    person, area = aliased(User), aliased(Area)
    acted_by = Transition.actor_id if table is Transition else Update.author_id
    at = Transition.at if table is Transition else Update.created_at
    return (
        select(table, person.role, area.code)
        .outerjoin(person, person.id == acted_by)
        .outerjoin(area, area.id == person.area_id)
        .where(history_of(table, kind, ids))
        .order_by(at, table.id)
    )


def _load_chunk(session: Session, history: History, kind: str, ids: list[int]) -> None:
    for t, role, area_code in session.execute(_with_actor(Transition, ids, kind)).unique():
        data = dict(t.data or {})
        move = Move(t.at, t.event, t.from_state, t.to_state, data, t.note, role, area_code)
        history.moves[(kind, t.item_id)].append(move)
    column = STORED[kind].deadline.key
    if not any(column in (*e.sets, *e.optional_sets) for e in LIFECYCLES[kind].events):
        edited = session.execute(
            select(DomainEvent.item_id, DomainEvent.created_at, DomainEvent.payload)
            .where(DomainEvent.name == f"{kind}.edited", history_of(DomainEvent, kind, ids))
            .order_by(DomainEvent.created_at, DomainEvent.id)
        )
        for item_id, at, payload in edited:
            change = ((payload or {}).get("changes") or {}).get(column)
            if isinstance(change, dict):
                history.edits[(kind, item_id)].append((at, change))
    created = session.execute(
        select(DomainEvent.item_id, func.min(DomainEvent.created_at))
        .where(DomainEvent.name == f"{kind}.created", history_of(DomainEvent, kind, ids))
        .group_by(DomainEvent.item_id)
    )
    for item_id, at in created:
        history.created[(kind, item_id)] = at
    for u, role, area_code in session.execute(_with_actor(Update, ids, kind)).unique():
        url = u.evidence_url or (f"/api/v1/files/{u.file_id}" if u.file_id else None)
        note = Note(u.created_at, u.note, u.progress, url, role, area_code)
        history.notes[(kind, u.item_id)].append(note)


def state_at(
    *, session: Session, kind: str, item_id: int, current: str, moment: datetime
) -> tuple[str, datetime | None]:
    """The state of one item (e.g. a session's minutes) before `moment`, and when it got there."""
    moves = session.execute(
        select(Transition.at, Transition.from_state, Transition.to_state)
        .where(history_of(Transition, kind, item_id))
        .order_by(Transition.at, Transition.id)
    ).all()
    before = [(at, to) for at, _, to in moves if at < moment]
    if before:
        return before[-1][1], before[-1][0]
    later = [source for at, source, _ in moves if at >= moment]
    return (later[0] if later else current), None


def reached_at(standing: Standing) -> datetime | None:
    """When the item entered the state it had at the cut-off (None: it never moved)."""
    return standing.moves[-1].at if standing.moves else None


def deadline_at(item: Tracked, standing: Standing) -> date | None:
    """The item's deadline at the cut-off (after the reschedules or extensions made by then)."""
    value = standing.get(stored(item).deadline.key, item.deadline)
    return value if isinstance(value, date) else None


@dataclass(frozen=True)
class Situation:
    """Counts of a day gone by, as the dashboard shows them when a date is chosen."""

    day: date
    states: dict[str, dict[str, int]]
    """Per kind of item, how many were in each state at the end of `day`."""
    overdue: dict[str, int]
    """Per kind, how many were past their deadline (as it then stood) and not final."""


def situation(
    *, session: Session, models: Sequence[type[Tracked]], day: date, tz: ZoneInfo
) -> Situation:
    """Every item of `models` at the end of `day`: acuerdos of sessions held by then, and the
    convenios and activities created by then, each in the state its history says it had."""
    moment = end_of(day, tz)
    states: dict[str, dict[str, int]] = {}
    overdue: dict[str, int] = {}
    for model in models:
        if model.kind == "agreement":
            held = select(Agreement).join(Agreement.meeting).where(Meeting.date <= day)
            items: list[Tracked] = list(session.scalars(held).unique())
        else:
            found = session.scalars(select(model)).unique()
            items = [i for i in found if isinstance(i, Agreement | Convenio | Activity)]
        loaded = load(session=session, items=items)
        items = [i for i in items if loaded.existed(i, moment)]
        lifecycle = LIFECYCLES[model.kind]
        tally: dict[str, int] = defaultdict(int)
        late = 0
        for item in items:
            standing = loaded.standing(item, moment)
            tally[standing.state] += 1
            deadline = deadline_at(item, standing)
            if deadline is not None and deadline < day and not lifecycle.is_final(standing.state):
                late += 1
        states[model.kind] = dict(tally)
        overdue[model.kind] = late
    return Situation(day, states, overdue)
