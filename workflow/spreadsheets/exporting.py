"""Lists out: the records a list filter selects, as the catalogue's columns, in CSV, XLSX or JSON.

The filters are those of the lists (`workflow.items.listing.Filters`: state, area, organ, meeting,
convenio, overdue, relevant, q) without pagination: an export is everything that matches.
Columns are the import's own, so an export imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.vocabulary import CONVENIO_KINDS
from workflow.engine.errors import Invalid
from workflow.items.listing import Filters, overdue_clause, where_clauses
from workflow.runtime.clock import Clock
from workflow.spreadsheets import transparency
from workflow.spreadsheets.cell_values import normalise
from workflow.spreadsheets.column_readers import COUNTERPART_TYPES
from workflow.spreadsheets.columns import KINDS, Kind
from workflow.spreadsheets.file_writers import FORMATS, Sheet, write


@dataclass
class Export:
    """A file ready to hand over."""

    content: bytes
    filename: str
    media_type: str
    rows: int


def records(
    *, session: Session, kind: Kind, filters: Filters, today: date
) -> list[tuple[Any, bool]]:
    """Every record the filters select, with its overdue flag, in creation order."""
    model = kind.model
    if kind.lifecycle is None:
        return [(row, False) for row in session.scalars(select(model).order_by(model.code))]
    stmt = (
        select(model, overdue_clause(model, today).label("overdue"))
        .where(*where_clauses(model, filters, today))
        .order_by(model.id)
        .options(*(c.load for c in kind.columns if c.load is not None))
    )
    return [(item, bool(overdue)) for item, overdue in session.execute(stmt).unique().all()]


def sheet(*, session: Session, kind: str, filters: Filters, today: date) -> Sheet:
    """The catalogue's columns for every selected record."""
    spec = KINDS[kind]
    rows = [
        [overdue if c.get is None else c.get(item) for c in spec.columns]
        for item, overdue in records(session=session, kind=spec, filters=filters, today=today)
    ]
    labels: dict[str, Callable[[Any], Any]] = {
        "kind": lambda k: CONVENIO_KINDS.get(k, k),
        "counterpart_types": lambda t: COUNTERPART_TYPES.get(t, t),
    }
    if spec.lifecycle is not None:
        labels["state"] = spec.lifecycle.state_label
    return Sheet(
        title=spec.label.capitalize(),
        kind=spec.name,
        names=[c.name for c in spec.columns],
        headers=[c.header for c in spec.columns],
        rows=rows,
        labels={n: f for n, f in labels.items() if n in {c.name for c in spec.columns}},
    )


def export(
    *,
    session: Session,
    kind: str,
    fmt: str,
    filters: Filters,
    clock: Clock,
    transparency_format: bool = False,
    period: transparency.Period | None = None,
) -> Export:
    """One kind of record (or, for convenios, the transparency format) as a file."""
    if fmt not in FORMATS:
        raise Invalid(f"Formato «{fmt}» desconocido; use: {', '.join(FORMATS)}.", field="format")
    if kind not in KINDS:
        raise Invalid(f"No se exporta «{kind}»; se exportan: {', '.join(KINDS)}.", field="kind")
    today = clock.today()
    if transparency_format:
        if kind != "convenios":
            raise Invalid("El formato de transparencia es para los convenios suscritos.")
        chosen = period or transparency.Period.of(today)
        selected = records(session=session, kind=KINDS[kind], filters=filters, today=today)
        table = transparency.sheet(selected, session=session, period=chosen, today=today)
        stem = f"convenios-transparencia-{chosen.year}-T{chosen.quarter}"
    else:
        table = sheet(session=session, kind=kind, filters=filters, today=today)
        stem = normalise(KINDS[kind].label).replace(" ", "-")
    return Export(
        content=write(table, fmt, exported_at=clock.now()),
        filename=f"{stem}-{today.isoformat()}.{fmt}",
        media_type=FORMATS[fmt],
        rows=len(table.rows),
    )


def template(*, kind: str, fmt: str, clock: Clock) -> Export:
    """An empty file with the columns an import of `kind` reads (computed columns left out)."""
    if fmt not in ("csv", "xlsx"):
        raise Invalid(f"Formato «{fmt}» desconocido; use: csv, xlsx.", field="format")
    if kind not in KINDS:
        raise Invalid(f"No se importa «{kind}»; se importan: {', '.join(KINDS)}.", field="kind")
    spec = KINDS[kind]
    columns = [c for c in spec.columns if c.role != "derived"]
    table = Sheet(
        title=spec.label.capitalize(),
        kind=spec.name,
        names=[c.name for c in columns],
        headers=[c.header for c in columns],
        rows=[],
    )
    stem = normalise(spec.label).replace(" ", "-")
    return Export(
        content=write(table, fmt, exported_at=clock.now()),
        filename=f"plantilla-{stem}.{fmt}",
        media_type=FORMATS[fmt],
        rows=0,
    )
