"""What waits on a person: the dashboard's «Mis pendientes» and the line a detail page shows.

Who must act next on an item is a fact of its lifecycle (`Lifecycle.waits_on`): an acuerdo
`approved` or `in_progress` waits on its responsible areas, one `under_review` on the
secretariat. So an area's pending work is what waits on the area among the items it answers
for (lead or co-responsible), soonest deadline first; the secretariat's is what waits on its
review, oldest first. Each list is one `UNION ALL` over the kinds with a `LIMIT`, and one count
per kind for the «ver todos» links, so it costs the same with ten items or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Row, Select, String, func, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from states import LIFECYCLES, Role
from states.sentences import SECRETARIAT, sentence, subject
from workflow.items.kinds import STORED, Tracked, history_of
from workflow.models import Area, Meeting, Minutes, Transition, User

LIMIT = 15
"""Rows a dashboard list shows; the rest are behind «ver todos»."""


@dataclass(frozen=True)
class Pending:
    """One item that waits on the person looking."""

    kind: str
    id: int
    key: str
    title: str
    state: str
    due: date | None
    """Its deadline (an acuerdo's plazo, an activity's due date, a convenio's validity)."""
    overdue: bool
    since: date | None = None
    """The day (institution time) it entered the state it waits in: for the secretariat's
    list, when its fulfilment was reported or it was sent to review."""
    by: str | None = None
    """Who moved it there, as a sentence's subject («La UTVOE»)."""


@dataclass(frozen=True)
class PendingMinutes:
    """The draft minutes of a session held, written or uploaded, waiting for approval."""

    meeting_id: int
    key: str
    title: str
    day: date


@dataclass
class PendingWork:
    """What waits on one role (an area, or the secretariat): the first rows and how many."""

    role: Role
    rows: list[Pending]
    totals: dict[str, int]
    """Kind -> how many of its items wait (every kind of `STORED`, in its order)."""
    states: dict[str, list[str]]
    """Kind -> the states in which it waits on `role` (what the «ver todos» link filters by)."""
    minutes: list[PendingMinutes] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.totals.values()) + len(self.minutes)


def _waiting_states(role: Role) -> dict[str, list[str]]:
    """Kind -> the states of its lifecycle that wait on `role` (kinds with none left out)."""
    found = {kind: LIFECYCLES[kind].states_waiting_on(role) for kind in STORED}
    return {kind: states for kind, states in found.items() if states}


def _rows(kind: str, states: list[str], *where: ColumnElement[bool]) -> Select[Any]:
    """One kind's part of the union: its items in `states`, as the same columns for every kind."""
    stored = STORED[kind]
    model = stored.model
    return select(
        literal(kind, String).label("kind"),
        model.id.label("id"),
        model.key.label("key"),
        model.title.label("title"),
        model.state.label("state"),
        stored.deadline.label("due"),
        model.created_at.label("created_at"),
    ).where(model.state.in_(states), *where)


def _pending(row: Row[Any], today: date, **moved: Any) -> Pending:
    """A row of the union as a `Pending` (its waiting states are never final, so a deadline
    before today is overdue)."""
    due = row.due
    return Pending(
        kind=row.kind,
        id=row.id,
        key=row.key,
        title=row.title,
        state=row.state,
        due=due,
        overdue=due is not None and due < today,
        **moved,
    )


def _totals(session: Session, parts: dict[str, Select[Any]]) -> dict[str, int]:
    counts: dict[str, int] = {kind: 0 for kind in STORED}
    if parts:
        stmt = union_all(
            *(
                select(literal(kind, String).label("kind"), func.count().label("n")).select_from(
                    part.subquery()
                )
                for kind, part in parts.items()
            )
        )
        counts.update({kind: int(n) for kind, n in session.execute(stmt).all()})
    return counts


def for_area(*, session: Session, area_id: int, today: date, limit: int = LIMIT) -> PendingWork:
    """The acuerdos, activities and convenios that wait on the area `area_id` (as lead or
    co-responsible), soonest deadline first and those without one last."""
    states = _waiting_states(Role.area)
    parts = {kind: _rows(kind, s, STORED[kind].of_area(area_id)) for kind, s in states.items()}
    rows: list[Pending] = []
    if parts:
        union = union_all(*parts.values()).subquery()
        stmt = (
            select(union)
            .order_by(union.c.due.is_(None), union.c.due, union.c.kind, union.c.id)
            .limit(limit)
        )
        rows = [_pending(r, today) for r in session.execute(stmt).all()]
    return PendingWork(role=Role.area, rows=rows, totals=_totals(session, parts), states=states)


def for_secretariat(
    *, session: Session, today: date, tz: ZoneInfo, limit: int = LIMIT
) -> PendingWork:
    """What waits on the secretariat's review (acuerdos whose fulfilment was reported, convenios
    in legal review or approved for signing), oldest first, each with who moved it there and
    when; and the minutes of past sessions that wait for approval."""
    states = _waiting_states(Role.secretariat)
    parts = {kind: _rows(kind, s) for kind, s in states.items()}
    rows: list[Pending] = []
    if parts:
        union = union_all(*parts.values()).subquery()
        latest = (
            select(func.max(Transition.id))
            .where(
                Transition.item_kind == union.c.kind,
                Transition.item_id == union.c.id,
                Transition.to_state == union.c.state,
            )
            .scalar_subquery()
        )
        moved = aliased(Transition)
        since = func.coalesce(moved.at, union.c.created_at)
        stmt = (
            select(union, moved.at.label("moved_at"), User.role, Area.code.label("area_code"))
            .select_from(union)
            .outerjoin(moved, moved.id == latest)
            .outerjoin(User, User.id == moved.actor_id)
            .outerjoin(Area, Area.id == User.area_id)
            .order_by(since, union.c.kind, union.c.id)
            .limit(limit)
        )
        rows = [
            _pending(r, today)
            if r.moved_at is None
            else _pending(
                r,
                today,
                since=r.moved_at.astimezone(tz).date(),
                by=subject(r.role, r.area_code),
            )
            for r in session.execute(stmt).all()
        ]
    return PendingWork(
        role=Role.secretariat,
        rows=rows,
        totals=_totals(session, parts),
        states=states,
        minutes=minutes_to_approve(session=session, today=today, limit=limit),
    )


def minutes_to_approve(
    *, session: Session, today: date, limit: int = LIMIT
) -> list[PendingMinutes]:
    """Draft minutes of sessions already held that have a text or a file: what a later session
    approves. (Every session has draft minutes; an empty draft is not yet anything to approve.)"""
    waiting = LIFECYCLES["minutes"].states_waiting_on(Role.secretariat)
    stmt = (
        select(Minutes)
        .join(Meeting, Meeting.id == Minutes.meeting_id)
        .where(
            Minutes.state.in_(waiting),
            Meeting.date <= today,
            (Minutes.text.is_not(None)) | (Minutes.file_id.is_not(None)),
        )
        .order_by(Meeting.date, Meeting.id)
        .limit(limit)
    )
    return [
        PendingMinutes(
            meeting_id=m.meeting_id, key=m.meeting.key, title=m.title, day=m.meeting.date
        )
        for m in session.scalars(stmt).unique()
    ]


def standing(*, session: Session, item: Tracked, tz: ZoneInfo) -> str | None:
    """Where an item stands, in one or two sentences: the event that brought it to its state,
    and who acts next when that is the secretariat, e.g. «La UTVOE informó el cumplimiento el 9
    de mayo de 2024. Está en revisión de la Secretaría Técnica.» None for an item no event has
    moved yet."""
    lifecycle = LIFECYCLES[item.kind]
    last = session.execute(
        select(Transition, User.role, Area.code)
        .select_from(Transition)
        .outerjoin(User, User.id == Transition.actor_id)
        .outerjoin(Area, Area.id == User.area_id)
        .where(history_of(Transition, item.kind, item.id), Transition.to_state == item.state)
        .order_by(Transition.id.desc())
        .limit(1)
    ).first()
    parts: list[str] = []
    if last is not None:
        transition, role, area_code = last
        parts.append(
            sentence(
                lifecycle,
                transition.event,
                who=subject(role, area_code),
                on=transition.at.astimezone(tz).date(),
            )
        )
    if lifecycle.waiting_on(item.state) == Role.secretariat:
        parts.append(f"Está en revisión de {SECRETARIAT[0].lower()}{SECRETARIAT[1:]}.")
    return " ".join(parts) or None
