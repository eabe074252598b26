"""Lists of items with the filters of SPEC §4, overdue computed in the query, and pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from states import LIFECYCLES
from workflow.engine.errors import Invalid, NotFound
from workflow.items.kinds import STORED
from workflow.models import Activity, Agreement, Area, Convenio, Organ

T = TypeVar("T", Agreement, Convenio, Activity)
Row = TypeVar("Row")
MAX_LIMIT = 500


def is_open(model: type[Agreement] | type[Convenio] | type[Activity]) -> ColumnElement[bool]:
    """The item is in an open state, spelt `state IN (open states)` so that the `(state,
    deadline)` index serves it: `NOT IN (final)` cannot seek and scans the table."""
    return model.state.in_(LIFECYCLES[model.kind].open_states())


def overdue_clause(model: type[T], today: date) -> ColumnElement[bool]:
    """Overdue is derived, never stored: a deadline before today and a state that is not final."""
    deadline = STORED[model.kind].deadline
    return and_(is_open(model), deadline.is_not(None), deadline < today)


def is_overdue(item: Agreement | Convenio | Activity, today: date) -> bool:
    """`overdue_clause` for an item already in hand (after an event or an edit changed it)."""
    deadline = getattr(item, STORED[item.kind].deadline.key)
    final = LIFECYCLES[item.kind].final
    return deadline is not None and deadline < today and item.state not in final


@dataclass
class Filters:
    """What a list may be narrowed by; unknown values of closed vocabularies are refused."""

    state: str | None = None
    area: str | None = None
    organ: str | None = None
    meeting: int | None = None
    convenio: int | None = None
    overdue: bool | None = None
    relevant: bool | None = None
    q: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass
class Page(Generic[Row]):
    rows: list[Row]
    total: int
    limit: int
    offset: int


def _area_clause(model: type[T], area_code: str) -> ColumnElement[bool]:
    area_id = select(Area.id).where(func.upper(Area.code) == area_code.upper()).scalar_subquery()
    return STORED[model.kind].of_area(area_id)


def _organ_clause(model: type[T], organ_code: str) -> ColumnElement[bool]:
    organ_id = (
        select(Organ.id).where(func.upper(Organ.code) == organ_code.upper()).scalar_subquery()
    )
    return STORED[model.kind].of_organ(organ_id)


def _text_clause(model: type[T], q: str) -> ColumnElement[bool]:
    pattern = f"%{q.strip().lower()}%"
    return or_(
        func.lower(model.key).like(pattern),
        func.lower(model.title).like(pattern),
        func.lower(STORED[model.kind].body).like(pattern),
    )


def _parent_clause(model: type[T], parent: str, parent_id: int) -> ColumnElement[bool]:
    """Items that hang from a given row (`meeting`, `convenio`); none of a kind that cannot."""
    column = STORED[model.kind].parents.get(parent)
    return column == parent_id if column is not None else false()


def where_clauses(model: type[T], f: Filters, today: date) -> list[ColumnElement[bool]]:
    lifecycle = LIFECYCLES[model.kind]
    clauses: list[ColumnElement[bool]] = []
    if f.state:
        states = [s.strip() for s in f.state.split(",") if s.strip()]
        unknown = [s for s in states if s not in lifecycle.states]
        if unknown:
            raise Invalid(
                f"Estado desconocido: {', '.join(unknown)}; estados de {lifecycle.label.lower()}: "
                + ", ".join(lifecycle.states)
                + ".",
                field="state",
            )
        clauses.append(model.state.in_(states))
    if f.area:
        clauses.append(_area_clause(model, f.area))
    if f.organ:
        clauses.append(_organ_clause(model, f.organ))
    if f.meeting is not None:
        clauses.append(_parent_clause(model, "meeting", f.meeting))
    if f.convenio is not None:
        clauses.append(_parent_clause(model, "convenio", f.convenio))
    if f.overdue is not None:
        overdue = overdue_clause(model, today)
        clauses.append(overdue if f.overdue else ~overdue)
    if f.relevant is not None:
        clauses.append(model.relevant.is_(f.relevant))
    if f.q and f.q.strip():
        clauses.append(_text_clause(model, f.q))
    return clauses


def fetch_page(
    *, session: Session, model: type[T], filters: Filters, today: date
) -> Page[tuple[T, bool]]:
    """One page of items with their overdue flag, and the total that match."""
    if not 1 <= filters.limit <= MAX_LIMIT or filters.offset < 0:
        raise Invalid(f"«limit» va de 1 a {MAX_LIMIT} y «offset» no puede ser negativo.")
    clauses = where_clauses(model, filters, today)
    total = session.scalar(select(func.count()).select_from(model).where(*clauses)) or 0
    stmt = (
        select(model, overdue_clause(model, today).label("overdue"))
        .where(*clauses)
        .order_by(model.id)
        .limit(filters.limit)
        .offset(filters.offset)
    )
    rows = [(item, bool(overdue)) for item, overdue in session.execute(stmt).unique().all()]
    return Page(rows=rows, total=total, limit=filters.limit, offset=filters.offset)


def fetch_one(*, session: Session, model: type[T], item_id: int, today: date) -> tuple[T, bool]:
    """One item with its overdue flag; `NotFound` names what was missing."""
    stmt = select(model, overdue_clause(model, today).label("overdue")).where(model.id == item_id)
    row = session.execute(stmt).unique().first()
    if row is None:
        raise NotFound(f"No existe {LIFECYCLES[model.kind].label.lower()} con id {item_id}.")
    return row[0], bool(row[1])
