"""Files as offices produce them, and the counts that prove a refused file wrote nothing."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.models import (
    Activity,
    Agreement,
    Area,
    Convenio,
    DomainEvent,
    Meeting,
    Organ,
    Transition,
    Update,
)

AGREEMENT_HEADER = ["clave", "sesión", "acuerdo", "áreas", "plazo", "estado", "relevante", "avance"]


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    sep: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    """A CSV as a spreadsheet saves it (cells quoted only when they must be)."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            text = "" if cell is None else str(cell)
            if sep in text or '"' in text or "\n" in text:
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(sep.join(cells))
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return b"\xef\xbb\xbf" + data if bom else data


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, percent_columns: Sequence[int] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    for column in percent_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts(session: Session) -> dict[str, int]:
    """Rows in every table an import may write; equal before and after means nothing written."""
    models = (Agreement, Convenio, Activity, Meeting, Organ, Area, Transition, DomainEvent, Update)
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in models}


def agreement_row(key: str, meeting: str, **kw: Any) -> list[Any]:
    values = {
        "title": "Presentar el informe",
        "areas": "UTVOE",
        "deadline": "20/05/2024",
        "state": "Aprobado",
        "relevant": "no",
        "progress": "0",
    }
    values.update(kw)
    return [
        key,
        meeting,
        values["title"],
        values["areas"],
        values["deadline"],
        values["state"],
        values["relevant"],
        values["progress"],
    ]


TODAY = date(2024, 5, 24)
