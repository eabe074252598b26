"""Turning an uploaded file (CSV or XLSX) into a header and numbered rows of cells.

Offices send what Excel saves: CSV in Windows-1252 («CSV delimitado por comas»), in UTF-8 with
a BOM («CSV UTF-8»), with `;` where the list separator is a semicolon, sometimes with a `sep=;`
first line; or an `.xlsx` workbook. Rows keep the number the person sees in their spreadsheet,
so every problem can name it.

Every file is read against `Limits` as it is read, never after: CSV record by record, XLSX
row by row with openpyxl's read-only parser and without trusting the sheet's declared size,
the zip's members by their declared unpacked size before any is opened. A hostile file (a
1.5 KB workbook declaring a million rows, a zip bomb, a header of 10^5 columns) is refused at
the first row that passes a limit, in time and memory bounded by the limits.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from workflow.runtime.settings import Settings
from workflow.spreadsheets.cell_values import Cell

DELIMITERS = (",", ";", "\t", "|")
JSON_DERIVED = frozenset({"state_label"})
"""Keys of an exported JSON that repeat another key for people; not columns to import."""
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class Unreadable(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


class TooLarge(Unreadable):
    """Part of the file passes a limit; `row` and `column` say where (row 0: the file)."""

    def __init__(self, message: str, expected: str, row: int = 0, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.row = row
        self.column = column


@dataclass(frozen=True)
class Limits:
    """How much of a file is read before it is refused (settings `import_max_*`)."""

    rows: int = 200_000
    """Data rows, below the header."""
    columns: int = 60
    cell_chars: int = 32_767
    """Excel's own limit for one cell."""
    unpacked_bytes: int = 200 * 1024 * 1024
    """An XLSX's members, unpacked, all together."""

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            rows=settings.import_max_rows,
            columns=settings.import_max_columns,
            cell_chars=settings.import_max_cell_chars,
            unpacked_bytes=settings.import_max_unpacked_mb * 1024 * 1024,
        )


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


def read_table(data: bytes, limits: Limits | None = None) -> Table:
    """Read CSV, XLSX or this system's own JSON export, telling them apart by content."""
    limits = limits or Limits()
    if not data.strip():
        raise Unreadable("El archivo está vacío.")
    if data.startswith(_OLE_MAGIC):
        raise Unreadable(
            "Es un libro de Excel 97-2003 (.xls): guárdelo como «Libro de Excel (.xlsx)» o como "
            "«CSV UTF-8» y vuelva a intentarlo."
        )
    if data.startswith(_XLSX_MAGIC):
        return _read_xlsx(data, limits)
    if data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
        return _read_json(data, limits)
    return _read_csv(data, limits)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 con BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Excel)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


_SNIFFED = 64 * 1024
"""Characters of the first line looked at to guess the separator."""


def _delimiter(first_line: str) -> str:
    """The separator that splits the header into the most cells (ties: the first listed)."""
    sample = first_line[:_SNIFFED]
    counts = {}
    for d in DELIMITERS:
        try:
            counts[d] = len(next(csv.reader([sample], delimiter=d), []))
        except csv.Error:  # a cell longer than csv's own limit: the reading says where
            counts[d] = 0
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def _first_lines(content: str) -> tuple[str, int, str]:
    """The `sep=` line's separator (if any), how many lines it takes, and the first line."""
    lines = io.StringIO(content)
    line = lines.readline().rstrip("\r\n")
    delimiter, skip = "", 0
    if line.lower().startswith("sep=") and len(line) >= 5:
        delimiter, skip = line[4], 1
        line = lines.readline().rstrip("\r\n")
    while not line.strip():
        following = lines.readline()
        if not following:
            break
        line = following.rstrip("\r\n")
    return delimiter, skip, line


def _read_csv(data: bytes, limits: Limits) -> Table:
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 64 and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):  # binary; a stray NUL in a cell is that row's problem (see validate.CONTROL)
        raise Unreadable("No parece un archivo de texto CSV ni un libro XLSX.")
    content, encoding = _decode(data)
    delimiter, skip, first = _first_lines(content)
    delimiter = delimiter or _delimiter(first)
    stream = io.StringIO(content)
    for _ in range(skip):
        stream.readline()
    shown = {"\t": "tabulador"}.get(delimiter, delimiter)
    return _table(
        _csv_records(csv.reader(stream, delimiter=delimiter), skip + 1, limits),
        f"CSV, {encoding}, separador «{shown}»",
        first_row=skip + 1,
        limits=limits,
    )


def _csv_records(
    reader: Iterator[list[str]], first_row: int, limits: Limits
) -> Iterator[list[Cell]]:
    number = first_row
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise TooLarge(
                    "una celda pasa de " + _count(csv.field_size_limit()) + " caracteres",
                    f"a lo más {_count(limits.cell_chars)} caracteres por celda",
                    row=number,
                ) from None
            raise Unreadable(f"El CSV está mal formado en la fila {number}: {exc}.") from None
        yield [c if c.strip() else None for c in record]
        number += 1


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    try:
        _check_unpacked(data, limits)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Excel extensions openpyxl does not model
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Unreadable:
        raise
    except Exception as exc:  # a hostile or broken workbook: what openpyxl raises varies
        raise _unreadable_xlsx(exc) from None
    try:
        sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), None)
        if sheet is None:
            raise Unreadable("El libro no tiene hojas visibles.")
        sheet.reset_dimensions()  # a sheet may declare A1:XFD1048576; only real cells count
        return _table(
            map(_xlsx_row, sheet.iter_rows(min_row=1, min_col=1)),
            f"XLSX, hoja «{sheet.title}»",
            first_row=1,
            limits=limits,
        )
    except Unreadable:
        raise
    except Exception as exc:  # malformed XML in a member, a cell openpyxl cannot type
        raise _unreadable_xlsx(exc) from None
    finally:
        book.close()


def _unreadable_xlsx(exc: Exception) -> Unreadable:
    return Unreadable(
        "No se pudo leer el archivo como libro XLSX"
        f" ({exc.__class__.__name__}); guárdelo de nuevo desde Excel como .xlsx o CSV."
    )


def _check_unpacked(data: bytes, limits: Limits) -> None:
    """Refuse a zip bomb by the unpacked sizes its members declare, before opening any.

    Python's zipfile never unpacks a member past its declared size (it fails the CRC check
    instead), so the declared sizes bound the work."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise _unreadable_xlsx(exc) from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.unpacked_bytes:
        raise TooLarge(
            f"el libro ocupa {_count(unpacked // (1024 * 1024))} MB descomprimido",
            f"a lo más {_count(limits.unpacked_bytes // (1024 * 1024))} MB descomprimido; "
            "divida el archivo o guárdelo como CSV",
        )


def _xlsx_row(row: Sequence[object]) -> Sequence[Cell]:
    if not row:  # openpyxl's filler for a row the sheet does not hold
        return ()
    end = len(row)
    while end and getattr(row[end - 1], "value", None) is None:
        end -= 1
    return [_xlsx_value(c) for c in row[:end]]


def _read_json(data: bytes, limits: Limits) -> Table:
    """The JSON of an export (`{"items": [...]}`) or a plain list of objects."""
    try:
        body = json.loads(data.decode("utf-8-sig"))
    except ValueError as exc:  # bad UTF-8, bad JSON, an integer of more than 4300 digits
        raise Unreadable(f"El JSON está mal formado: {exc}.") from None
    except RecursionError:
        raise Unreadable(
            "El JSON anida listas u objetos a demasiada profundidad; se esperaba una lista de "
            "objetos con un valor simple (o una lista de valores) en cada campo."
        ) from None
    items = body.get("items") if isinstance(body, dict) else body
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise Unreadable("El JSON debe ser una lista de objetos, o un objeto con «items».")
    if len(items) > limits.rows:
        raise TooLarge(
            f"el JSON tiene {_count(len(items))} objetos",
            f"a lo más {_count(limits.rows)}; divida el archivo",
        )
    names = list(dict.fromkeys(k for i in items for k in i if k not in JSON_DERIVED))
    if len(names) > limits.columns:
        raise TooLarge(
            f"los objetos del JSON tienen {_count(len(names))} campos distintos",
            f"a lo más {_count(limits.columns)} campos",
            row=1,
        )
    records: list[list[Cell]] = [list(names)]
    records += [[_json_value(i.get(n)) for n in names] for i in items]
    return _table(records, "JSON", first_row=1, limits=limits)


def _json_value(value: object) -> Cell:
    if isinstance(value, list):
        return "; ".join(v if isinstance(v, str) else _json_text(v) for v in value) or None
    if isinstance(value, str | int | float | bool) or value is None:
        return value if value != "" else None
    return _json_text(value)


def _json_text(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (RecursionError, ValueError):
        return "…"  # nested too deep to show; no column reads such a value anyway


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


def _count(n: int) -> str:
    """200 000, as a Spanish reader groups digits."""
    return f"{n:,}".replace(",", "\u00a0")


def _column(position: int, headers: list[str]) -> str:
    """The file's header of a column, or its letter as the spreadsheet shows it."""
    if position < len(headers) and headers[position]:
        return headers[position]
    return get_column_letter(position + 1) if position < 18_278 else f"n.º {position + 1}"


def _checked(cells: list[Cell], number: int, headers: list[str], limits: Limits) -> list[Cell]:
    """A row's cells, refused at once when the row is too wide or a cell too long."""
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    if end > limits.columns:
        raise TooLarge(
            f"tiene datos hasta la columna {_count(end)}",
            f"a lo más {_count(limits.columns)} columnas",
            row=number,
            column=_column(end - 1, headers),
        )
    for position, cell in enumerate(cells[:end]):
        if isinstance(cell, str) and len(cell) > limits.cell_chars:
            raise TooLarge(
                f"la celda tiene {_count(len(cell))} caracteres",
                f"a lo más {_count(limits.cell_chars)} caracteres por celda",
                row=number,
                column=_column(position, headers),
            )
    return cells[:end]


def _table(records: Iterable[Sequence[Cell]], source: str, first_row: int, limits: Limits) -> Table:
    """Number the records and keep the non-blank ones, checking each limit as it comes."""
    table: Table | None = None
    width = 0
    last_row = first_row + limits.rows  # until the header is found, blank rows count too
    for number, record in enumerate(records, start=first_row):
        if number > last_row:
            raise TooLarge(
                f"el archivo pasa de {_count(limits.rows)} filas",
                f"a lo más {_count(limits.rows)} filas de datos; divida el archivo",
                row=number,
            )
        if not record:
            continue
        cells = _checked(list(record), number, table.headers if table else [], limits)
        if not cells:
            continue
        if table is None:
            headers = ["" if c is None else str(c).strip() for c in cells]
            table = Table(headers=headers, rows=[], source=source, header_row=number)
            width = len(headers)
            last_row = number + limits.rows
            continue
        if len(cells) > width:
            table.overflow[number] = len(cells)
        table.rows.append((number, cells[:width] + [None] * (width - len(cells))))
    if table is None:
        raise Unreadable("El archivo no tiene encabezados ni filas.")
    return table
