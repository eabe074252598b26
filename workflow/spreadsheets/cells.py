"""The one cell writer of every XLSX the app produces: exports, imports' templates and reports.

Text a spreadsheet could run — beginning with `=`, `+`, `-`, `@`, a tab or a carriage return —
is stored as text with Excel's own quote prefix, so `=HYPERLINK(…)` typed into an acuerdo is
shown, never run, and the value stays exact. Control characters XLSX cannot hold (pasted from
other programs) are dropped. Dates get the day-first format the institution reads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from workflow.spreadsheets.cell_values import NEUTRALISED

DATE_FORMAT = "DD/MM/YYYY"


def xlsx_text(value: Any) -> Any:
    """Text without the control characters XLSX cannot hold; other values as they are."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def fill(cell: Cell | WriteOnlyCell, value: Any) -> Cell | WriteOnlyCell:
    """Put `value` in `cell` as data: formulas neutralised, booleans as «sí»/«no», dates dated."""
    value = xlsx_text(value)
    if isinstance(value, bool):
        value = "sí" if value else "no"
    cell.value = value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    if isinstance(value, str) and value.startswith(NEUTRALISED):
        cell.data_type = "s"  # openpyxl would otherwise store it as a formula
        cell.quotePrefix = True
    return cell


def write_only_cell(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """A cell for a streamed (write-only) sheet, filled as `fill` does."""
    cell = WriteOnlyCell(ws)
    fill(cell, value)
    return cell
