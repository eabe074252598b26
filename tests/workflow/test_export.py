"""Exports: the list filters, cells neutralised, the transparency format, and the round trip of
the demo data into an empty database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.databases import postgres_database, sqlite_database
from tests.factories import ADMIN, Factory
from workflow import demo
from workflow.engine.errors import Invalid
from workflow.engine.fire import fire
from workflow.items.listing import Filters
from workflow.models import Convenio
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.spreadsheets.exporting import export, sheet
from workflow.spreadsheets.file_writers import Sheet
from workflow.spreadsheets.importing import import_file
from workflow.spreadsheets.transparency import COLUMNS, Period

ORDER = ("organs", "areas", "convenios", "activities", "agreements")
"""The order in which an empty database takes the exports: what rows name comes first."""


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_text_pasted_with_control_characters_still_exports_to_xlsx(
    session: Session, make: Factory, clock: Clock
) -> None:
    make.agreement([make.area()], title="Informe\x0bfinal\x07")
    done = export(session=session, kind="agreements", fmt="xlsx", filters=Filters(), clock=clock)
    values = [c.value for c in load_workbook(io.BytesIO(done.content)).active[2]]
    assert "Informefinal" in values


def test_exports_take_the_filters_of_the_lists(
    session: Session, make: Factory, clock: Clock
) -> None:
    a, b = make.area("UTVOE"), make.area("DECEYEC")
    make.agreement([a], title="Vencido de la UTVOE", deadline=date(2024, 5, 1), relevant=True)
    make.agreement([b], title="Pendiente de la DECEyEC", deadline=date(2024, 6, 1))

    def titles(**filters: object) -> list[str]:
        chosen = Filters(**filters)  # type: ignore[arg-type]
        done = export(session=session, kind="agreements", fmt="csv", filters=chosen, clock=clock)
        return [r["título"] for r in rows_of(done.content)]

    assert titles() == ["Vencido de la UTVOE", "Pendiente de la DECEyEC"]
    assert titles(area="deceyec") == ["Pendiente de la DECEyEC"]
    assert titles(overdue=True) == ["Vencido de la UTVOE"]
    assert titles(relevant=False, q="pendiente") == ["Pendiente de la DECEyEC"]
    assert titles(state="fulfilled") == []
    with pytest.raises(Invalid, match="Estado desconocido: vencido"):
        titles(state="vencido")
    rows = rows_of(
        export(
            session=session, kind="agreements", fmt="csv", filters=Filters(), clock=clock
        ).content
    )
    assert (rows[0]["estado"], rows[0]["plazo"], rows[0]["vencido"], rows[0]["relevante"]) == (
        "Aprobado",
        "01/05/2024",
        "sí",
        "sí",
    )


DANGEROUS = ['=HYPERLINK("http://malo.example","clic")', "+52 55 1234", "-1+1", "@SUM(A1)"]


def test_cells_that_a_spreadsheet_would_run_are_neutralised_and_import_back_exactly(
    session: Session, make: Factory, clock: Clock
) -> None:
    area = make.area("UTVOE")
    for title in DANGEROUS:
        make.agreement([area], title=title)

    def done(fmt: str) -> bytes:
        return export(
            session=session, kind="agreements", fmt=fmt, filters=Filters(), clock=clock
        ).content

    assert [r["título"] for r in rows_of(done("csv"))] == ["'" + t for t in DANGEROUS]
    book = load_workbook(io.BytesIO(done("xlsx")))
    cells = [row[3] for row in book.active.iter_rows(min_row=2)]  # type: ignore[union-attr]
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in cells] == [
        (t, "s", True) for t in DANGEROUS
    ]
    assert [i["title"] for i in json.loads(done("json"))["items"]] == DANGEROUS
    for fmt in ("csv", "xlsx"):
        again = import_file(
            session=session,
            actor=ADMIN,
            clock=clock,
            kind="agreements",
            data=done(fmt),
            filename=f"acuerdos.{fmt}",
        )
        assert again.unchanged == len(DANGEROUS), again.changes


def signed_convenio(session: Session, make: Factory, clock: Clock, **fields: object) -> Convenio:
    area = make.area("UTVOE")
    convenio = make.convenio([area], title="Convenio con el INE", counterparts=["INE"])
    convenio.counterparts[0].sector = "publico"
    for name, value in fields.items():
        setattr(convenio, name, value)
    for event, data in (
        ("submit_review", {}),
        ("approve", {}),
        (
            "sign",
            {
                "signed_on": date(2024, 1, 15),
                "valid_from": date(2024, 1, 15),
                "valid_until": date(2024, 12, 31),
            },
        ),
    ):
        fire(session=session, item=convenio, event=event, actor=ADMIN, clock=clock, data=data)
    return convenio


def transparency_rows(
    session: Session, clock: Clock, year: int, quarter: int
) -> list[dict[str, str]]:
    done = export(
        session=session,
        kind="convenios",
        fmt="csv",
        filters=Filters(),
        clock=clock,
        transparency_format=True,
        period=Period(year, quarter),
    )
    assert done.filename.startswith(f"convenios-transparencia-{year}-T{quarter}-")
    return rows_of(done.content)


def test_the_transparency_format_has_the_portal_columns_for_the_quarter_chosen(
    session: Session, make: Factory, clock: Clock
) -> None:
    signed = signed_convenio(
        session,
        make,
        clock,
        url="https://transparencia.example/convenio.pdf",
        object="Colaborar en la organización de la elección",
    )
    make.convenio([make.area()], title="Convenio en elaboración")
    (row,) = transparency_rows(session, clock, 2024, 1)
    assert list(row) == [header for _, header in COLUMNS]
    assert list(row)[:3] == [
        "Ejercicio",
        "Fecha de inicio del periodo que se informa",
        "Fecha de término del periodo que se informa",
    ]
    assert list(row)[-4:] == [
        "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información",
        "Fecha de validación",
        "Fecha de actualización",
        "Nota",
    ]
    note = row.pop("Nota")
    assert row == {
        "Ejercicio": "2024",
        "Fecha de inicio del periodo que se informa": "01/01/2024",
        "Fecha de término del periodo que se informa": "31/03/2024",
        "Tipo de convenio": "De coordinación con el sector público",
        "Denominación del convenio": "Convenio con el INE",
        "Fecha de firma del convenio": "15/01/2024",
        "Unidad administrativa o área responsable del seguimiento": "Área de prueba",
        "Nombre(s) con quien se celebra el convenio": "",
        "Primer apellido con quien se celebra el convenio": "",
        "Segundo apellido con quien se celebra el convenio": "",
        "Razón social con quien se celebra el convenio": "INE",
        "Objetivo(s) del convenio": "Colaborar en la organización de la elección",
        "Fuente de los recursos que se emplearán": "",
        "Descripción y/o monto de los recursos públicos entregados": "",
        "Inicio del periodo de vigencia del convenio": "15/01/2024",
        "Término del periodo de vigencia del convenio": "31/12/2024",
        "Fecha de publicación en DOF u otro medio oficial": "",
        "Hipervínculo al documento, en su caso, a la versión pública": (
            "https://transparencia.example/convenio.pdf"
        ),
        "Hipervínculo al documento con modificaciones, en su caso": "",
        "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información": (
            "Área de prueba"
        ),
        "Fecha de validación": "24/05/2024",
        "Fecha de actualización": "24/05/2024",
    }
    # every empty cell is explained in the note, in the portals' words
    assert "nombre, primer apellido y segundo apellido se dejan en blanco" in note
    assert "fuente y descripción de los recursos se dejan en blanco" in note
    assert "No se cuenta con fecha de publicación en el DOF u otro medio oficial." in note
    assert "no ha tenido modificaciones" in note
    assert "hipervínculo al documento del convenio" not in note
    assert signed.signed_on == date(2024, 1, 15)


def test_missing_data_is_said_in_the_note_and_a_quarter_without_convenios_says_so(
    session: Session, make: Factory, clock: Clock
) -> None:
    signed_convenio(session, make, clock)
    (row,) = transparency_rows(session, clock, 2024, 1)
    assert row["Objetivo(s) del convenio"] == ""
    assert "No se cuenta con el registro del objetivo del convenio." in row["Nota"]
    assert "No se cuenta con hipervínculo al documento del convenio." in row["Nota"]
    (none,) = transparency_rows(session, clock, 2024, 2)
    assert none["Ejercicio"] == "2024"
    assert none["Fecha de inicio del periodo que se informa"] == "01/04/2024"
    assert none["Fecha de término del periodo que se informa"] == "30/06/2024"
    assert none["Denominación del convenio"] == ""
    assert none["Nota"].startswith("Durante el periodo que se informa no se suscribieron convenios")
    with pytest.raises(Invalid, match="trimestre debe ser 1, 2, 3 o 4"):
        Period.chosen("2024", "5", today=date(2024, 5, 24))
    with pytest.raises(Invalid, match="ejercicio debe ser un número"):
        Period.chosen("dos mil", "1", today=date(2024, 5, 24))
    assert Period.chosen(None, "", today=date(2024, 5, 24)) == Period(2024, 2)
    with pytest.raises(Invalid, match="convenios suscritos"):
        export(
            session=session,
            kind="agreements",
            fmt="csv",
            filters=Filters(),
            clock=clock,
            transparency_format=True,
        )


@pytest.fixture
def empty_database(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A second, migrated and empty database on the same backend as the test's."""
    with ExitStack() as stack:
        if db_url.startswith("sqlite"):
            url = stack.enter_context(sqlite_database(tmp_path))
        else:
            url = stack.enter_context(postgres_database("seg_empty"))
        engine = make_engine(url)
        stack.callback(engine.dispose)
        yield engine


def sheets(session: Session, today: date) -> dict[str, Sheet]:
    return {k: sheet(session=session, kind=k, filters=Filters(), today=today) for k in ORDER}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_an_export_of_the_demo_imports_into_an_empty_database_and_reproduces_it(
    session: Session, clock: Clock, empty_database: Engine, fmt: str
) -> None:
    demo.load(session=session, tz=clock.tz)
    before = sheets(session, clock.today())
    files = {
        k: export(session=session, kind=k, fmt=fmt, filters=Filters(), clock=clock).content
        for k in ORDER
    }
    writer = session_factory(empty_database, write=True)
    for kind in ORDER:
        with unit_of_work(writer) as target:
            outcome = import_file(
                session=target,
                actor=ADMIN,
                clock=clock,
                kind=kind,
                data=files[kind],
                filename=f"{kind}.{fmt}",
            )
            assert outcome.created == len(before[kind].rows)
    with unit_of_work(session_factory(empty_database)) as target:
        after = sheets(target, clock.today())
    for kind in ORDER:
        assert after[kind].rows == before[kind].rows, kind
    with unit_of_work(writer) as target:
        again = import_file(
            session=target,
            actor=ADMIN,
            clock=clock,
            kind="agreements",
            data=files["agreements"],
            filename=f"agreements.{fmt}",
        )
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(before["agreements"].rows))
