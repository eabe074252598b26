"""Writing a sheet as CSV, XLSX or JSON, with cells a spreadsheet could run neutralised.

A cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return) is a formula to
Excel and LibreOffice, and a way to run commands on the reader's machine (CSV injection). In
CSV it gets a leading `'`, which the import drops again; in XLSX it is written as text with
Excel's own quote prefix, so the value stays exact. JSON is data, not a spreadsheet, and keeps
values as they are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from workflow.spreadsheets.cell_values import NEUTRALISED
from workflow.spreadsheets.cells import write_only_cell

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
"""Export formats and their media types."""


@dataclass
class Sheet:
    """A table to write: JSON names and Spanish headers of its columns, and typed rows."""

    title: str
    kind: str
    """Machine name of what the rows are (`agreements`, `convenios_transparency`)."""
    names: list[str]
    headers: list[str]
    rows: list[list[Any]]
    labels: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    """Column name -> how a spreadsheet shows its value (a state's Spanish label)."""


def write(sheet: Sheet, fmt: str, *, exported_at: datetime) -> bytes:
    """The sheet in `fmt` (csv, xlsx or json)."""
    return WRITERS[fmt](sheet, exported_at)


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(NEUTRALISED) else text


def _shown(sheet: Sheet) -> list[list[Any]]:
    """Rows as a spreadsheet shows them: labels for ids, lists joined with «; »."""
    positions = [(i, sheet.labels[n]) for i, n in enumerate(sheet.names) if n in sheet.labels]
    shown = []
    for row in sheet.rows:
        out = list(row)
        for i, label in positions:
            value = out[i]
            out[i] = [label(x) for x in value] if isinstance(value, list) else label(value)
        shown.append(["; ".join(v) if isinstance(v, list) else v for v in out])
    return shown


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def _csv(sheet: Sheet, _exported_at: datetime) -> bytes:
    """UTF-8 with a BOM, so Excel shows accents right when the file is double-clicked."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    writer.writerows([_csv_text(v) for v in row] for row in _shown(sheet))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(sheet: Sheet, _exported_at: datetime) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.title[:31])
    ws.freeze_panes = "A2"
    for i, header in enumerate(sheet.headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(60, len(header) + 4))
    bold = Font(bold=True)
    header_cells = []
    for header in sheet.headers:
        cell = write_only_cell(ws, header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in _shown(sheet):
        ws.append([write_only_cell(ws, v) for v in row])
    if sheet.headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{len(sheet.rows) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _json(sheet: Sheet, exported_at: datetime) -> bytes:
    items = []
    for row in sheet.rows:
        item = {
            n: v.isoformat() if isinstance(v, date) else v
            for n, v in zip(sheet.names, row, strict=True)
        }
        if "state" in item and "state" in sheet.labels:
            item["state_label"] = sheet.labels["state"](item["state"])
        items.append(item)
    body = {
        "kind": sheet.kind,
        "exported_at": exported_at.isoformat(),
        "total": len(items),
        "items": items,
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS: dict[str, Callable[[Sheet, datetime], bytes]] = {
    "csv": _csv,
    "xlsx": _xlsx,
    "json": _json,
}
