"""Lists of items with the filters of SPEC §4, overdue computed in the query, and pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from states import LIFECYCLES
from workflow.errors import Invalid, NotFound
from workflow.models import (
    Activity,
    Agreement,
    AgreementArea,
    Area,
    Convenio,
    ConvenioArea,
    Meeting,
    Organ,
)

T = TypeVar("T", Agreement, Convenio, Activity)
Row = TypeVar("Row")
MAX_LIMIT = 500

DEADLINE: dict[type, InstrumentedAttribute[Any]] = {
    Agreement: Agreement.deadline,
    Convenio: Convenio.valid_until,
    Activity: Activity.due_date,
}
"""The date after which an open item is overdue (vencido)."""


def overdue_clause(model: type[T], today: date) -> ColumnElement[bool]:
    """Overdue is derived, never stored: a deadline before today and a state that is not final."""
    deadline = DEADLINE[model]
    final = sorted(LIFECYCLES[model.kind].final)
    return and_(deadline.is_not(None), deadline < today, model.state.not_in(final))


def is_overdue(item: Agreement | Convenio | Activity, today: date) -> bool:
    """`overdue_clause` for an item already in hand (after an event or an edit changed it)."""
    deadline = getattr(item, DEADLINE[type(item)].key)
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
    if model is Agreement:
        return Agreement.id.in_(
            select(AgreementArea.agreement_id).where(AgreementArea.area_id == area_id)
        )
    if model is Convenio:
        return Convenio.id.in_(
            select(ConvenioArea.convenio_id).where(ConvenioArea.area_id == area_id)
        )
    return Activity.area_id == area_id


def _organ_clause(model: type[T], organ_code: str) -> ColumnElement[bool]:
    organ_id = (
        select(Organ.id).where(func.upper(Organ.code) == organ_code.upper()).scalar_subquery()
    )
    if model is Agreement:
        return Agreement.meeting_id.in_(select(Meeting.id).where(Meeting.organ_id == organ_id))
    if model is Convenio:
        return Convenio.organ_id == organ_id
    return or_(
        Activity.organ_id == organ_id,
        Activity.convenio_id.in_(select(Convenio.id).where(Convenio.organ_id == organ_id)),
    )


def _text_clause(model: type[T], q: str) -> ColumnElement[bool]:
    pattern = f"%{q.strip().lower()}%"
    body = {Agreement: Agreement.text, Convenio: Convenio.object, Activity: Activity.description}[
        model
    ]
    return or_(
        func.lower(model.key).like(pattern),
        func.lower(model.title).like(pattern),
        func.lower(body).like(pattern),
    )


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
        clauses.append(Agreement.meeting_id == f.meeting if model is Agreement else false())
    if f.convenio is not None:
        clauses.append(Activity.convenio_id == f.convenio if model is Activity else false())
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
