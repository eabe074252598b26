"""Turning an uploaded file (CSV or XLSX) into a header and numbered rows of cells.

Offices send what Excel saves: CSV in Windows-1252 («CSV delimitado por comas»), in UTF-8 with
a BOM («CSV UTF-8»), with `;` where the list separator is a semicolon, sometimes with a `sep=;`
first line; or an `.xlsx` workbook. Rows keep the number the person sees in their spreadsheet,
so every problem can name it.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from workflow.transfer.values import Cell

DELIMITERS = (",", ";", "\t", "|")
JSON_DERIVED = frozenset({"state_label"})
"""Keys of an exported JSON that repeat another key for people; not columns to import."""
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class Unreadable(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class Table:
    """A file's header row and its non-blank data rows, each with its row number."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]]
    source: str
    """How it was read, for the report: «CSV, Windows-1252, separador «;»»."""
    header_row: int = 1
    overflow: dict[int, int] = field(default_factory=dict)
    """Rows with more cells than headers (an unquoted separator): row -> cells."""


def read_table(data: bytes) -> Table:
    """Read CSV, XLSX or this system's own JSON export, telling them apart by content."""
    if not data.strip():
        raise Unreadable("El archivo está vacío.")
    if data.startswith(_OLE_MAGIC):
        raise Unreadable(
            "Es un libro de Excel 97-2003 (.xls): guárdelo como «Libro de Excel (.xlsx)» o como "
            "«CSV UTF-8» y vuelva a intentarlo."
        )
    if data.startswith(_XLSX_MAGIC):
        return _read_xlsx(data)
    if data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
        return _read_json(data)
    return _read_csv(data)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 con BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Excel)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _delimiter(first_line: str) -> str:
    """The separator that splits the header into the most cells (ties: the first listed)."""
    counts = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def _read_csv(data: bytes) -> Table:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Unreadable("No parece un archivo de texto CSV ni un libro XLSX.")
    content, encoding = _decode(data)
    lines = content.splitlines()
    skip = 0
    delimiter = ""
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) >= 5:
        delimiter, skip = lines[0][4], 1
    first = next((line for line in lines[skip:] if line.strip()), "")
    delimiter = delimiter or _delimiter(first)
    try:
        records = list(csv.reader(io.StringIO(content), delimiter=delimiter))
    except csv.Error as exc:
        raise Unreadable(f"El CSV está mal formado: {exc}.") from None
    shown = {"\t": "tabulador"}.get(delimiter, delimiter)
    table = _table(
        [[c if c.strip() else None for c in r] for r in records[skip:]],
        f"CSV, {encoding}, separador «{shown}»",
        first_row=skip + 1,
    )
    return table


def _read_xlsx(data: bytes) -> Table:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Excel extensions openpyxl does not model
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise Unreadable(
            "No se pudo leer el archivo como libro XLSX"
            f" ({exc.__class__.__name__}); guárdelo de nuevo desde Excel como .xlsx o CSV."
        ) from None
    try:
        sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), None)
        if sheet is None:
            raise Unreadable("El libro no tiene hojas visibles.")
        records = [[_xlsx_value(c) for c in row] for row in sheet.iter_rows()]
        title = sheet.title
    finally:
        book.close()
    return _table(records, f"XLSX, hoja «{title}»", first_row=1)


def _read_json(data: bytes) -> Table:
    """The JSON of an export (`{"items": [...]}`) or a plain list of objects."""
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Unreadable(f"El JSON está mal formado: {exc}.") from None
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Unreadable("El JSON debe ser una lista de objetos, o un objeto con «items».")
    names = list(dict.fromkeys(k for i in items for k in i if k not in JSON_DERIVED))
    records: list[list[Cell]] = [list(names)]
    records += [[_json_value(i.get(n)) for n in names] for i in items]
    return _table(records, "JSON", first_row=1)


def _json_value(value: object) -> Cell:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or None
    if isinstance(value, str | int | float | bool) or value is None:
        return value if value != "" else None
    return json.dumps(value, ensure_ascii=False)


def _xlsx_value(cell: object) -> Cell:
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        fmt = getattr(cell, "number_format", None) or ""
        return round(value * 100, 6) if "%" in fmt else value
    if isinstance(value, datetime | date | bool) or value is None:
        return value
    return str(value)


def _table(records: list[list[Cell]], source: str, first_row: int) -> Table:
    numbered = [(first_row + i, r) for i, r in enumerate(records)]
    filled = [(n, r) for n, r in numbered if any(c is not None for c in r)]
    if not filled:
        raise Unreadable("El archivo no tiene encabezados ni filas.")
    header_row, header_cells = filled[0]
    while header_cells and header_cells[-1] is None:
        header_cells = header_cells[:-1]
    headers = ["" if c is None else str(c).strip() for c in header_cells]
    width = len(headers)
    table = Table(headers=headers, rows=[], source=source, header_row=header_row)
    for number, cells in filled[1:]:
        extra = [c for c in cells[width:] if c is not None]
        if extra:
            table.overflow[number] = max(i for i, c in enumerate(cells) if c is not None) + 1
        table.rows.append((number, list(cells[:width]) + [None] * (width - len(cells))))
    return table
