"""Hostile files are refused while they are read, in bounded time and memory (issue 8, items
5 and 6): a tiny workbook that declares or holds a million rows or columns, a zip bomb, CSV
headers of any width, JSON nested 10^5 deep, NUL and control characters in cells."""

from __future__ import annotations

import contextlib
import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy.orm import Session

from tests.factories import Factory
from tests.workflow.transfer_files import AGREEMENT_HEADER, agreement_row, counts, csv_bytes
from workflow.runtime.clock import Clock
from workflow.spreadsheets.cell_values import CellError, percent
from workflow.spreadsheets.file_rows import Limits, Table
from workflow.spreadsheets.import_report import ImportRefused, Problem
from workflow.spreadsheets.importing import import_file, read_file

OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OOXML}.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{RELATIONS}">'
    '<sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(rows: str, dimension: str = "A1:B2", sheet_xml: bytes | None = None) -> bytes:
    """An .xlsx written by hand, as small as a hostile one is: what it declares is up to it."""
    sheet = (
        sheet_xml
        or (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
        ).encode()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


HEADER_ROW = '<row r="1">' + cell("A1", "clave") + cell("B1", "acuerdo") + "</row>"


def bounded(read: Callable[[], object]) -> tuple[float, int]:
    """Seconds taken, then the peak of Python memory (bytes) of a second run."""
    start = time.perf_counter()
    read()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        read()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak


def refusal(data: bytes, limits: Limits | None = None) -> Problem:
    with pytest.raises(ImportRefused) as refused:
        read_file(data, filename="hoja.xlsx", limits=limits)
    (problem,) = refused.value.problems
    return problem


def quietly_refused(data: bytes, limits: Limits | None = None) -> None:
    with contextlib.suppress(ImportRefused):
        read_file(data, filename="hoja.xlsx", limits=limits)


def test_a_workbook_declaring_a_million_rows_by_16384_columns_reads_only_its_real_cells() -> None:
    data = workbook(HEADER_ROW, dimension="A1:XFD1048576")
    assert len(data) < 2000
    seconds, peak = bounded(lambda: read_file(data, filename="hoja.xlsx"))
    table = read_file(data, filename="hoja.xlsx")
    assert isinstance(table, Table)
    assert (table.headers, table.rows) == (["clave", "acuerdo"], [])
    assert seconds < 1
    assert peak < 10 * 1024 * 1024


def test_a_tiny_workbook_with_a_cell_at_xfd1_is_refused_at_once_naming_where() -> None:
    data = workbook(
        '<row r="1">' + cell("A1", "clave") + cell("XFD1", "x") + "</row>",
        dimension="A1:XFD1048576",
    )
    assert len(data) < 2000
    problem = refusal(data)
    assert (problem.row, problem.column) == (1, "XFD")
    assert problem.sentence() == (
        "Fila 1, columna «XFD»: tiene datos hasta la columna 16\u00a0384."
        " Se esperaba a lo más 60 columnas."
    )
    seconds, peak = bounded(lambda: quietly_refused(data))
    assert seconds < 1
    assert peak < 10 * 1024 * 1024


def test_a_tiny_workbook_with_a_cell_at_row_1048576_stops_at_the_row_limit() -> None:
    data = workbook(HEADER_ROW + '<row r="1048576">' + cell("A1048576", "x") + "</row>")
    problem = refusal(data)
    assert problem.row == 200_002
    assert problem.message == "el archivo pasa de 200\u00a0000 filas"
    seconds, peak = bounded(lambda: quietly_refused(data))
    assert seconds < 1
    assert peak < 10 * 1024 * 1024


def test_a_zip_bomb_is_refused_by_its_declared_size_before_it_is_unpacked() -> None:
    rows = ('<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 100_000).encode()
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows * 10 + b"</sheetData></worksheet>"
    )
    data = workbook("", sheet_xml=sheet)
    assert len(sheet) > 300 * len(data)  # 49 MB of XML in a file of 144 KB
    limits = Limits(unpacked_bytes=8 * 1024 * 1024)
    problem = refusal(data, limits)
    assert (problem.row, problem.column) == (0, None)
    assert problem.message == "el libro ocupa 46 MB descomprimido"
    seconds, peak = bounded(lambda: quietly_refused(data, limits))
    assert seconds < 0.5
    assert peak < 5 * 1024 * 1024


def test_a_broken_workbook_is_refused_as_unreadable_not_a_traceback() -> None:
    data = workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>clave</t></is></c>')  # unclosed
    problem = refusal(data)
    assert problem.row == 0
    assert problem.message.startswith("No se pudo leer el archivo como libro XLSX")


@pytest.mark.parametrize(
    ("header", "row", "column", "message"),
    [
        (",".join(f"c{i}" for i in range(10**5)), 1, "n.º 100000", "tiene datos hasta la"),
        ("clave," + "x" * (10 * 1024 * 1024), 1, None, "una celda pasa de 131\u00a0072"),
        ("clave," + "x" * (1024 * 1024 // 10), 1, "B", "la celda tiene 104\u00a0857 caracteres"),
    ],
    ids=["100000-columns", "10MB-header-cell", "100KB-header-cell"],
)
def test_csv_headers_of_any_width_are_refused_naming_row_and_column(
    header: str, row: int, column: str | None, message: str
) -> None:
    data = (header + "\r\n1,2\r\n").encode()
    problem = refusal(data)
    assert (problem.row, problem.column) == (row, column)
    assert problem.message.startswith(message)
    assert problem.expected


def test_json_nested_100000_deep_is_refused_not_a_traceback() -> None:
    data = b"[" * 100_000 + b"]" * 100_000
    problem = refusal(data)
    assert problem.row == 0
    assert "anida listas u objetos a demasiada profundidad" in problem.message
    inner = b'{"items": [{"clave": "A/1", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}]}"
    assert "demasiada profundidad" in refusal(inner).message


def test_too_many_rows_are_refused_at_the_first_row_past_the_limit() -> None:
    rows = [["clave", "nombre"]] + [[f"A{i}", "x"] for i in range(30)]
    problem = refusal(csv_bytes(rows), Limits(rows=20))
    assert (problem.row, problem.message) == (22, "el archivo pasa de 20 filas")
    assert read_file(csv_bytes(rows[:21]), filename="f.csv", limits=Limits(rows=20)).rows


def test_nul_and_control_characters_in_cells_are_refused_row_by_row(
    session: Session, make: Factory, clock: Clock
) -> None:
    make.organ()
    make.area("UTVOE")
    meeting = make.meeting(day=date(2024, 4, 26))
    admin = make.person("admin")
    rows = [
        AGREEMENT_HEADER,
        agreement_row(f"{meeting.key}/01", meeting.key, title="Con NUL \x00 dentro"),
        agreement_row(f"{meeting.key}/02", meeting.key, title="Con campana \x07"),
        agreement_row(f"{meeting.key}/03", meeting.key, title="Bien\tcon tabulador"),
    ]
    before = counts(session)
    with pytest.raises(ImportRefused) as refused:
        import_file(
            session=session,
            actor=admin.actor,
            clock=clock,
            kind="agreements",
            data=b"\n" * 5000 + csv_bytes(rows),
            filename="acuerdos.csv",
        )
    found = [(p.row, p.column, p.message) for p in refused.value.problems]
    assert found == [
        (5002, "acuerdo", "contiene un carácter de control (U+0000) que no se puede guardar"),
        (5003, "acuerdo", "contiene un carácter de control (U+0007) que no se puede guardar"),
    ]
    assert counts(session) == before


def test_numbers_python_reads_but_cannot_round_are_a_cell_problem_or_unreadable() -> None:
    for given in ("nan", "inf", "-inf", "1e400", float("nan")):
        with pytest.raises(CellError):
            percent(given)
    problem = refusal(b"[" + b"1" * 5000 + b"]")
    assert problem.message.startswith("El JSON está mal formado")


def test_cells_listing_one_area_five_thousand_times_are_refused_in_linear_time(
    session: Session, make: Factory, clock: Clock
) -> None:
    make.organ()
    make.area("UTVOE")
    meeting = make.meeting(day=date(2024, 4, 26))
    admin = make.person("admin")
    areas = ";".join(["UTVOE"] * 5000)
    rows = [AGREEMENT_HEADER] + [
        agreement_row(f"{meeting.key}/{n:03d}", meeting.key, areas=areas) for n in range(1, 101)
    ]
    start = time.perf_counter()
    with pytest.raises(ImportRefused) as refused:
        import_file(
            session=session,
            actor=admin.actor,
            clock=clock,
            kind="agreements",
            data=csv_bytes(rows),
            filename="acuerdos.csv",
        )
    assert time.perf_counter() - start < 4
    assert {p.message for p in refused.value.problems} == {"el área UTVOE está repetida"}
