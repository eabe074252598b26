"""Reading one spreadsheet cell into a typed value, the way offices actually write them.

Dates come as `dd/mm/aaaa`, ISO, Excel serial numbers or real dates; yes/no as «sí», «X» or
«1»; percentages as «70 %», 70 or 0.7 in a percent-formatted cell. Each reader returns `None`
for a blank cell (which the import reads as "leave as it is") and raises `CellError`, with what
was expected, for anything it cannot read.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta

Cell = str | int | float | bool | date | datetime | None
"""What a reader hands over: CSV gives text; XLSX gives numbers, dates and booleans too."""

NEUTRALISED = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters a spreadsheet may run as a formula; exports put a `'` before them."""

DATE_EXPECTED = "una fecha dd/mm/aaaa (p. ej. 20/05/2024) o AAAA-MM-DD"
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")
_DATE_SHAPE = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$|^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$"
)
_TIME_TAIL = re.compile(r"[ T]0?0:00(:00(\.0+)?)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_YES = frozenset({"si", "s", "x", "1", "true", "verdadero", "v", "yes", "y"})
_NO = frozenset({"no", "n", "0", "false", "falso", "f", "-"})


class CellError(ValueError):
    """A cell that cannot be read; `expected` says what a right value looks like."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


def normalise(text: str) -> str:
    """A header or label as compared: «Área(s) responsable(s):» becomes «areas responsables»."""
    text = re.sub(r"\((s|es)\)", r"\1", text.strip(), flags=re.IGNORECASE)
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def text(cell: Cell) -> str | None:
    """Plain text, trimmed; the `'` that an export puts before `=`, `+`, `-`, `@` is dropped."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        value = "sí" if cell else "no"
    elif isinstance(cell, float) and cell.is_integer():
        value = str(int(cell))
    elif isinstance(cell, datetime):
        value = cell.date().isoformat() if cell.time() == datetime.min.time() else str(cell)
    elif isinstance(cell, date):
        value = cell.isoformat()
    else:
        value = str(cell).replace("\r\n", "\n").strip()
    if len(value) > 1 and value[0] == "'" and value[1] in NEUTRALISED:
        value = value[1:]
    return value or None


def day(cell: Cell) -> date | None:
    """A calendar date from a real date, an Excel serial number or the text forms people use."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, datetime):
        return _plausible(cell.date(), str(cell))
    if isinstance(cell, date):
        return _plausible(cell, cell.isoformat())
    if isinstance(cell, bool):
        raise CellError("no es una fecha", DATE_EXPECTED)
    if isinstance(cell, int | float):
        if float(cell).is_integer() and 1 <= cell < 2958466:
            return _plausible(_EXCEL_EPOCH + timedelta(days=int(cell)), str(cell))
        raise CellError(f"«{cell}» no es una fecha", DATE_EXPECTED)
    raw = cell.strip()
    value = _TIME_TAIL.sub("", raw)
    for fmt in _DATE_FORMATS:
        try:
            return _plausible(datetime.strptime(value, fmt).date(), raw)
        except ValueError:
            continue
    shape = _DATE_SHAPE.match(value)
    if shape and shape.group(3) and len(shape.group(3)) == 2:
        raise CellError(f"«{raw}» tiene el año con dos cifras", DATE_EXPECTED)
    if shape:
        raise CellError(
            f"«{raw}» no es una fecha que exista (día o mes fuera de rango)", DATE_EXPECTED
        )
    raise CellError(f"«{raw}» no es una fecha", DATE_EXPECTED)


def _plausible(value: date, raw: str) -> date:
    if not 1900 <= value.year <= 2100:
        raise CellError(f"«{raw}» está fuera del intervalo de años 1900-2100", DATE_EXPECTED)
    return value


def yes_no(cell: Cell) -> bool | None:
    if cell is None:
        return None
    if isinstance(cell, bool):
        return cell
    value = normalise(text(cell) or "")
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(f"«{cell}» no es sí ni no", "«sí» o «no» (también X, 1 o 0)")


PERCENT_EXPECTED = "un número entero de 0 a 100 (p. ej. 70 o 70 %)"


def percent(cell: Cell) -> int | None:
    """0 to 100; XLSX percent-formatted cells arrive already multiplied by 100 (see reading)."""
    if cell is None:
        return None
    if isinstance(cell, bool | date):
        raise CellError(f"«{cell}» no es un porcentaje", PERCENT_EXPECTED)
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        raw = cell.strip().rstrip("%").strip().replace(",", ".")
        if not raw:
            return None
        try:
            number = float(raw)
        except ValueError:
            raise CellError(f"«{cell}» no es un número", PERCENT_EXPECTED) from None
    if not math.isfinite(number):  # «nan», «inf», 1e400: float() reads them, round() cannot
        raise CellError(f"«{cell}» no es un número", PERCENT_EXPECTED)
    if abs(number - round(number)) > 1e-6:
        raise CellError(f"«{cell}» no es un número entero", PERCENT_EXPECTED)
    if not 0 <= round(number) <= 100:
        raise CellError(f"«{cell}» está fuera del intervalo 0-100", PERCENT_EXPECTED)
    return round(number)


def items(cell: Cell, separators: str) -> list[str] | None:
    """A list written in one cell («UTVOE, DECEYEC»), split on any of `separators` or lines."""
    value = text(cell)
    if value is None:
        return None
    parts = re.split("[" + re.escape(separators) + r"\n]", value)
    return [p.strip() for p in parts if p.strip()] or None


def choice(cell: Cell, options: Mapping[str, str], expected: str) -> str | None:
    """One value of a closed vocabulary, by id or Spanish label (accents and case ignored)."""
    value = text(cell)
    if value is None:
        return None
    found = options.get(normalise(value))
    if found is None:
        raise CellError(f"«{value}» no es un valor admitido", expected)
    return found
