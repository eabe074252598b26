"""Importing the files real offices produce, and refusing the bad ones whole, row by row."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from tests.workflow.transfer_files import (
    AGREEMENT_HEADER,
    agreement_row,
    counts,
    csv_bytes,
    xlsx_bytes,
)
from workflow.items import meetings
from workflow.models import Agreement
from workflow.runtime.clock import Clock
from workflow.spreadsheets.import_report import ImportRefused, Outcome
from workflow.spreadsheets.importing import import_file

MEETING = "CPVOE/4SO/2024"


@pytest.fixture
def office(make: Factory, session: Session) -> None:
    """An organ, three areas and the 4th ordinary session, as the secretariat registered them."""
    make.organ("CPVOE")
    for code in ("UTVOE", "DECEYEC", "DEOEYG"):
        make.area(code)
    meetings.create(
        session=session,
        actor=ADMIN,
        organ="CPVOE",
        kind="ordinaria",
        number=4,
        year=2024,
        day=date(2024, 4, 26),
        at=None,
        modality="virtual",
        agenda=[],
    )


def run(session: Session, clock: Clock, data: bytes, kind: str = "agreements") -> Outcome:
    return import_file(
        session=session, actor=ADMIN, clock=clock, kind=kind, data=data, filename="acuerdos.csv"
    )


def refused(session: Session, clock: Clock, data: bytes, kind: str = "agreements") -> list[str]:
    """Import a bad file; assert nothing was written; return the problems as sentences."""
    before = counts(session)
    with pytest.raises(ImportRefused) as caught:
        run(session, clock, data, kind)
    assert counts(session) == before
    return [p.sentence() for p in caught.value.problems]


def keys(session: Session) -> list[str]:
    return list(session.scalars(select(Agreement.key).order_by(Agreement.key)))


GOOD_ROWS = [
    AGREEMENT_HEADER,
    agreement_row(f"{MEETING}/01", MEETING, title="Presentar el calendario de la Red"),
    agreement_row(f"{MEETING}/02", MEETING, title="Remitir la memoria del foro «Elecciones»"),
]


@pytest.mark.usefixtures("office")
def test_latin1_csv_saved_by_excel_with_semicolons_is_read(session: Session, clock: Clock) -> None:
    data = csv_bytes(GOOD_ROWS, sep=";", encoding="cp1252")
    outcome = run(session, clock, data)
    assert outcome.created == 2
    assert "Windows-1252" in outcome.source and "«;»" in outcome.source
    titles = set(session.scalars(select(Agreement.title)))
    assert "Remitir la memoria del foro «Elecciones»" in titles


@pytest.mark.usefixtures("office")
def test_utf8_with_bom_and_accented_headers_in_any_case(session: Session, clock: Clock) -> None:
    header = ["CLAVE", "Sesión", "Título", "Área(s) responsable(s)", "Fecha límite", "Estatus"]
    rows = [
        header,
        [f"{MEETING}/01", MEETING, "Informe", "utvoe, DECEYEC", "2024-05-20", "en PROCESO"],
    ]
    outcome = run(session, clock, csv_bytes(rows, bom=True))
    assert outcome.created == 1 and outcome.transitions == 1
    agreement = session.scalar(select(Agreement))
    assert agreement is not None
    assert [a.code for a in agreement.areas] == ["UTVOE", "DECEYEC"]
    assert agreement.deadline == date(2024, 5, 20) and agreement.state == "in_progress"


@pytest.mark.usefixtures("office")
def test_xlsx_with_real_dates_and_percent_cells(session: Session, clock: Clock) -> None:
    rows = [
        AGREEMENT_HEADER,
        [f"{MEETING}/01", MEETING, "Informe", "UTVOE", date(2024, 5, 20), "En proceso", "X", 0.7],
    ]
    outcome = run(session, clock, xlsx_bytes(rows, percent_columns=[8]))
    assert outcome.created == 1 and outcome.progress_updates == 1
    agreement = session.scalar(select(Agreement))
    assert agreement is not None
    assert (agreement.deadline, agreement.relevant, agreement.progress) == (
        date(2024, 5, 20),
        True,
        70,
    )


@pytest.mark.usefixtures("office")
def test_blank_rows_are_skipped_and_extra_columns_reported_not_refused(
    session: Session, clock: Clock
) -> None:
    rows = [
        [*AGREEMENT_HEADER, "Observaciones"],
        ["", "", "", "", "", "", "", "", ""],
        [*agreement_row(f"{MEETING}/01", MEETING), "revisar con la UTVOE"],
        [],
        [*agreement_row(f"{MEETING}/02", MEETING), ""],
    ]
    outcome = run(session, clock, csv_bytes(rows))
    assert (outcome.rows, outcome.created) == (2, 2)
    assert outcome.ignored_columns == ["Observaciones"]


@pytest.mark.usefixtures("office")
def test_three_bad_rows_give_three_precise_messages_and_write_nothing(
    session: Session, clock: Clock
) -> None:
    rows = [
        AGREEMENT_HEADER,
        agreement_row(f"{MEETING}/01", MEETING),
        agreement_row(f"{MEETING}/02", MEETING, deadline="31/02/2024"),
        agreement_row(f"{MEETING}/03", MEETING, areas="UTVOE, DGX"),
        agreement_row(f"{MEETING}/04", MEETING, state="Vencido"),
    ]
    problems = refused(session, clock, csv_bytes(rows))
    assert len(problems) == 3
    assert problems[0].startswith(
        "Fila 3, columna «plazo»: «31/02/2024» no es una fecha que exista"
    )
    assert "dd/mm/aaaa" in problems[0]
    assert problems[1].startswith("Fila 4, columna «áreas»: no existe el área DGX")
    assert "DECEYEC, DEOEYG, UTVOE" in problems[1]
    assert problems[2].startswith("Fila 5, columna «estado»: «Vencido» no es un estado")
    assert "Aprobado, En proceso" in problems[2]
    assert keys(session) == []


@pytest.mark.usefixtures("office")
def test_duplicate_keys_inside_the_file_name_both_rows(session: Session, clock: Clock) -> None:
    rows = [AGREEMENT_HEADER, *GOOD_ROWS[1:], agreement_row(f"{MEETING}/01", MEETING)]
    (problem,) = refused(session, clock, csv_bytes(rows))
    assert problem.startswith(
        f"Fila 4, columna «clave»: la clave «{MEETING}/01» ya aparece en la fila 2"
    )


@pytest.mark.usefixtures("office")
def test_missing_columns_are_reported_once_on_the_header_row(
    session: Session, clock: Clock
) -> None:
    rows = [["clave", "sesión", "plazo"], [f"{MEETING}/01", MEETING, "20/05/2024"]]
    problems = refused(session, clock, csv_bytes(rows))
    assert [p.split(":")[0] for p in problems] == ["Fila 1", "Fila 1"]
    assert "falta la columna «título»" in problems[0] + problems[1]
    assert "falta la columna «áreas»" in problems[0] + problems[1]
    assert refused(session, clock, csv_bytes([["título"], ["Sin clave"]])) == [
        "Fila 1: falta la columna «clave». Se esperaba una columna «clave» con la clave de cada "
        "acuerdo (o «key», «clave del acuerdo», «clave de la acuerdo»)."
    ]


@pytest.mark.usefixtures("office")
def test_every_kind_of_bad_cell_is_named_with_what_was_expected(
    session: Session, clock: Clock
) -> None:
    rows = [
        AGREEMENT_HEADER,
        agreement_row("", MEETING),
        agreement_row(f"{MEETING}/02", "CPVOE/9SO/2024"),
        agreement_row(f"{MEETING}/03", MEETING, progress="120 %"),
        agreement_row(f"{MEETING}/04", MEETING, relevant="quizá"),
        agreement_row(f"{MEETING}/05", MEETING, deadline="20/05/24"),
        agreement_row(f"{MEETING}/06", MEETING, title=""),
        agreement_row(f"{MEETING}/07", MEETING, areas="UTVOE; UTVOE"),
    ]
    problems = refused(session, clock, csv_bytes(rows))
    assert problems == [
        "Fila 2, columna «clave»: está vacía. Se esperaba la clave del acuerdo.",
        "Fila 3, columna «sesión»: la sesión CPVOE/9SO/2024 no está registrada. Se esperaba una "
        "sesión registrada, o la columna «fecha de sesión» para registrarla.",
        "Fila 4, columna «avance»: «120 %» está fuera del intervalo 0-100. Se esperaba un número "
        "entero de 0 a 100 (p. ej. 70 o 70 %).",
        "Fila 5, columna «relevante»: «quizá» no es sí ni no. Se esperaba «sí» o «no» (también X, "
        "1 o 0).",
        "Fila 6, columna «plazo»: «20/05/24» tiene el año con dos cifras. Se esperaba una fecha "
        "dd/mm/aaaa (p. ej. 20/05/2024) o AAAA-MM-DD.",
        f"Fila 7, columna «acuerdo»: está vacía y «{MEETING}/06» no existe: se crearía. Se "
        "esperaba el dato «título» para crear el acuerdo.",
        "Fila 8, columna «áreas»: el área UTVOE está repetida. Se esperaba cada área una vez.",
    ]


@pytest.mark.usefixtures("office")
def test_an_unquoted_separator_inside_a_title_is_caught(session: Session, clock: Clock) -> None:
    good = ",".join(str(c) for c in agreement_row(f"{MEETING}/01", MEETING))
    bad = good.replace("Presentar el informe", "Presentar, revisar el informe")
    data = (",".join(AGREEMENT_HEADER) + "\n" + bad + "\n").encode()
    (problem,) = refused(session, clock, data)
    assert problem.startswith("Fila 2: tiene 9 celdas y el encabezado 8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "El archivo está vacío"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Excel 97-2003 (.xls)"),
        (b"PK\x03\x04not really a workbook", "No se pudo leer el archivo como libro XLSX"),
        (b'{"items": 3}', "El JSON debe ser una lista de objetos"),
        (b"\x00\x01\x02binary", "No parece un archivo de texto"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused_with_a_reason(
    session: Session, clock: Clock, data: bytes, message: str
) -> None:
    (problem,) = refused(session, clock, data)
    assert problem.startswith("Archivo: ") and message in problem


@pytest.mark.usefixtures("office")
def test_a_dry_run_reports_what_would_happen_and_writes_nothing(
    session: Session, clock: Clock
) -> None:
    before = counts(session)
    outcome = import_file(
        session=session,
        actor=ADMIN,
        clock=clock,
        kind="agreements",
        data=csv_bytes(GOOD_ROWS),
        filename="acuerdos.csv",
        dry_run=True,
    )
    assert (outcome.dry_run, outcome.created) == (True, 2)
    assert "no cambió" in outcome.summary()[-1]
    assert counts(session) == before


@pytest.mark.usefixtures("office")
def test_a_new_session_is_created_when_the_file_gives_its_date(
    session: Session, clock: Clock
) -> None:
    rows = [
        [*AGREEMENT_HEADER, "fecha de sesión"],
        [*agreement_row("CPVOE/5SO/2024/01", "CPVOE/5SO/2024"), "24/05/2024"],
        [*agreement_row("CPVOE/5SO/2024/02", "cpvoe/5so/2024"), "24/05/2024"],
        [*agreement_row("CPVOE/4SO/2024/09", MEETING), "26/04/2024"],
    ]
    conflicting = [row[:] for row in rows]
    conflicting[2][-1] = "25/05/2024"
    conflicting[3][-1] = "27/04/2024"
    problems = refused(session, clock, csv_bytes(conflicting))
    assert problems[0].startswith(
        "Fila 3, columna «sesión»: la fila 2 da a la sesión CPVOE/5SO/2024 la fecha 24/05/2024"
    )
    assert problems[1].startswith(
        "Fila 4, columna «sesión»: la sesión CPVOE/4SO/2024 está registrada con fecha 26/04/2024"
    )
    outcome = run(session, clock, csv_bytes(rows))
    assert outcome.meetings_created == ["CPVOE/5SO/2024"]
    seqs = {k: s for k, s in session.execute(select(Agreement.key, Agreement.seq))}
    assert seqs == {"CPVOE/5SO/2024/01": 1, "CPVOE/5SO/2024/02": 2, "CPVOE/4SO/2024/09": 9}
