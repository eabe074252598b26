"""The demo's 5th-session report as the commission reads it (SPEC §6a): the whole agenda, each
item once, every row as it stood at the cut-off (23 May 2024), actions as sentences.

The expectation below is written by hand from the seed agenda and the demo's dated history
(`workflow/demo`), not computed from the code under test. The demo is loaded once per backend
into a database of this module's own. The last test fires events today on it; since the report
is as of 23 May 2024 they change nothing, so the order of the tests does not matter.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio
import pytest
from openpyxl import load_workbook
from pydantic import ValidationError
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.reports import formats
from api.reports.formats import ReportFormat
from api.reports.letterhead import Letterhead
from api.reports.pdf import ARCHIVAL
from api.reports.slots import RenderSlots
from tests.databases import demo_database
from tests.factories import ADMIN
from workflow.engine.actors import Actor
from workflow.engine.fire import fire
from workflow.engine.progress import record_update
from workflow.models import Agreement, Convenio, Meeting
from workflow.reports import followup
from workflow.reports.followup import Edition, FollowupReport
from workflow.runtime.clock import Clock
from workflow.runtime.db import make_engine, session_factory
from workflow.runtime.settings import Settings

TZ = ZoneInfo("America/Mexico_City")
CUT_OFF = date(2024, 5, 23)
A = "CPVOE/4SO/2024/"
P = "CPVOE/PT/2024/"

# (section, key, state as of 23 May 2024, deadline or end of validity, overdue)
EXPECTED: list[tuple[str, str, str, date | None, bool]] = [
    ("approved", A + "01", "En proceso", date(2024, 5, 10), True),
    ("approved", A + "02", "En proceso", date(2024, 6, 14), False),
    ("approved", A + "03", "En revisión de cumplimiento", date(2024, 5, 13), True),
    ("approved", A + "04", "Cumplido", date(2024, 5, 17), False),
    ("approved", A + "05", "Sin efectos", date(2024, 5, 31), False),
    ("approved", A + "06", "Aprobado", None, False),
    ("approved", A + "07", "En proceso", date(2024, 5, 31), False),
    ("still_open", "CPVOE/3SO/2024/01", "En proceso", date(2024, 4, 19), True),
    ("relevant", "INE-IECM/2023/GEN", "Vigente", date(2024, 12, 31), False),
    ("relevant", P + "01", "En proceso", date(2024, 5, 31), False),
    ("relevant", P + "06", "Pendiente", date(2024, 6, 2), False),
    ("relevant", P + "07", "En proceso", date(2024, 6, 2), False),
    ("relevant", P + "04", "En proceso", date(2024, 6, 28), False),
    ("in_preparation", "CONV/2023/002", "En revisión jurídica", None, False),
    ("in_preparation", "CONV/2023/003", "En elaboración", None, False),
    ("expiring", "CONV/2023/001", "Vigente", date(2024, 6, 30), False),
    ("in_force", "INE-IECM/2023/AT1", "Vigente", date(2024, 12, 31), False),
    ("in_force", "INE-IECM/2023/AF1", "Vigente", date(2024, 12, 31), False),
    ("closed_convenios", "CONV/2023/004", "Concluido", date(2024, 3, 31), False),
    ("programme", P + "05", "En proceso", date(2024, 5, 3), True),
    ("programme", P + "03", "Concluida", date(2024, 5, 10), False),
    ("programme", P + "02", "Concluida", date(2024, 5, 17), False),
]

AGENDA_HEADINGS = [
    "1. Aprobación de la minuta de la sesión anterior",
    "2. Seguimiento de acuerdos y temas relevantes en proceso de cumplimiento",
    "Acuerdos aprobados en la cuarta sesión ordinaria de 2024",
    "Acuerdos de sesiones anteriores en proceso de cumplimiento",
    "Acuerdos de sesiones anteriores concluidos desde la sesión anterior",
    "Temas relevantes en proceso de cumplimiento",
    "Informe sobre la suscripción y seguimiento de convenios interinstitucionales",
    "Informes sobre el cumplimiento de actividades",
    "Informes de avance de convenios",
    "Actividades del Programa de Trabajo",
    "5. Asuntos generales",
]


@dataclass
class Demo:
    session: Session
    meeting: Meeting


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_database(request.param, tmp_path_factory.mktemp("asof"), "segasof") as url:
        yield url


@pytest.fixture
def d(demo_db: str) -> Iterator[Demo]:
    engine = make_engine(demo_db)
    with session_factory(engine, write=True)() as session:
        m5 = session.scalar(select(Meeting).where(Meeting.kind == "ordinaria", Meeting.number == 5))
        assert m5 is not None
        yield Demo(session, m5)
    engine.dispose()


def _report(d: Demo) -> FollowupReport:
    return followup.build(session=d.session, meeting_id=d.meeting.id, tz=TZ)


def _rows(report: FollowupReport) -> list[tuple[str, str, str, date | None, bool]]:
    found = [
        (s.key, r.key, r.state_label, r.deadline, r.overdue)
        for s in [*report.agreement_sections, report.relevant]
        for r in s.rows
    ]
    for g in report.convenios.groups:
        key = "closed_convenios" if g.key == "closed" else g.key
        found += [(key, r.key, r.state_label, r.deadline, r.overdue) for r in g.rows]
    found += [
        ("programme", r.key, r.state_label, r.deadline, r.overdue) for r in report.programme.rows
    ]
    return found


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_fifth_session_report_follows_the_agenda_as_of_the_day_before(d: Demo) -> None:
    report = _report(d)

    assert report.as_of == CUT_OFF
    assert [(m.meeting_key, m.state_label, m.approved_in) for m in report.minutes] == [
        ("CPVOE/4SO/2024", "Proyecto de minuta", None)
    ]
    assert _rows(report) == EXPECTED
    assert report.closed.rows == [] and report.convenios.group("signed").rows == []
    numbers = [r.number for s in report.sections for r in s.rows]
    numbers += [r.number for g in report.convenios.groups for r in g.rows]
    assert sorted(numbers) == list(range(1, len(EXPECTED) + 1)), "No. runs through the report"
    (due,) = report.reports_due
    assert due.heading == "Noveno informe" and due.convenio_key == "INE-IECM/2023/GEN"
    assert due.cut_off is None, "the ninth report was not issued by the cut-off"
    assert report.general_matters == []
    assert len(report.agenda) == 5


def test_actions_are_sentences_with_spanish_dates_never_event_names_or_titles(d: Demo) -> None:
    report = _report(d)
    rows = {r.key: r for s in report.sections for r in s.rows}
    assert [a.text for a in rows[A + "03"].actions] == [
        "9 de mayo de 2024: Memoria remitida mediante oficio IECM/DECEyEC/0412/2024.",
        "La DECEYEC informó el cumplimiento el 9 de mayo de 2024. Se remitió la memoria por "
        "oficio; se adjunta acuse.",
    ]
    assert rows[A + "07"].actions[0].text == (
        "La Secretaría Técnica reprogramó el plazo el 2 de mayo de 2024. Nuevo plazo: 31 de mayo "
        "de 2024. Se amplía el plazo por acuerdo de la Comisión."
    )
    texts = [a.text for s in report.sections for r in s.rows for a in r.actions]
    texts += [a.text for g in report.convenios.groups for r in g.rows for a in r.actions]
    labels = ("Iniciar atención", "Informar cumplimiento", "Registrar suscripción", "Vencer (")
    assert texts and not [t for t in texts if "(titular" in t or "(enlace" in t]
    assert not [t for t in texts if any(label in t for label in labels)]


def test_pdf_and_xlsx_have_every_agenda_section_and_the_form(d: Demo) -> None:
    report = _report(d)
    pdf = formats.followup(
        report, ReportFormat.pdf, institution="Instituto Electoral", tz=TZ, today=CUT_OFF
    )
    text = _pdf_text(pdf.content)
    for heading in AGENDA_HEADINGS:
        assert heading in text, heading
    assert "Situación al 23 de mayo de 2024" in text and "Noveno informe" in text
    assert "No. Clave Acuerdo Área responsable Plazo Estado Acciones realizadas Observaciones" in (
        text
    )
    assert "Secretaría Técnica" in text and "(titular" not in text
    first = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert A + "01" in first, "the first table starts on the first page"

    xlsx = formats.followup(
        report, ReportFormat.xlsx, institution="Instituto Electoral", tz=TZ, today=CUT_OFF
    )
    wb = load_workbook(io.BytesIO(xlsx.content))
    summary = " ".join(str(c.value) for row in wb["Resumen"].iter_rows() for c in row if c.value)
    for heading in AGENDA_HEADINGS:
        assert heading.split(". ", 1)[-1] in summary, heading
    ws = wb["2.1 Acuerdos sesión anterior"]
    header = [c.value for c in ws[1]]
    assert header == [
        "No.", "Clave", "Acuerdo", "Texto", "Área responsable", "Plazo", "Estado", "Avance (%)",
        "Vencido", "Acciones realizadas", "Observaciones",
    ]  # fmt: skip
    first_row = ws[2]
    assert first_row[0].value == 1 and first_row[0].data_type == "n"
    assert first_row[5].is_date and first_row[5].number_format == "DD/MM/YYYY"
    assert first_row[5].value.date() == date(2024, 5, 10)
    assert isinstance(first_row[7].value, int)
    assert "4.2 Programa de trabajo" in wb.sheetnames and "3 Convenios" in wb.sheetnames


def test_events_fired_today_leave_the_report_unchanged(d: Demo) -> None:
    before = _report(d)
    html_before = formats.followup(
        before, ReportFormat.html, institution="I", tz=TZ, today=CUT_OFF
    ).content
    s, today = d.session, Clock(tz=TZ)
    agreements = {a.key: a for a in s.scalars(select(Agreement)).unique()}
    convenios = {c.key: c for c in s.scalars(select(Convenio)).unique()}
    fire(session=s, item=agreements[A + "03"], event="confirm", actor=ADMIN, clock=today)
    fire(
        session=s, item=agreements["CPVOE/3SO/2024/01"], event="cancel", actor=ADMIN,
        clock=today, note="Ya no aplica",
    )  # fmt: skip
    record_update(
        session=s, item=agreements[A + "01"], actor=ADMIN, clock=today, note="Listo", progress=100
    )
    fire(
        session=s, item=convenios["CONV/2023/001"], event="expire", actor=Actor.system(),
        clock=today,
    )  # fmt: skip
    fire(
        session=s, item=convenios["INE-IECM/2023/AT1"], event="extend", actor=ADMIN, clock=today,
        note="Adenda", data={"valid_until": date(2030, 1, 1)},
    )  # fmt: skip
    s.commit()

    after = _report(d)

    assert json.dumps(formats.as_json(after), sort_keys=True) == json.dumps(
        formats.as_json(before), sort_keys=True
    )
    html_after = formats.followup(
        after, ReportFormat.html, institution="I", tz=TZ, today=CUT_OFF
    ).content
    assert html_after == html_before
    (expired,) = after.convenios.group("expiring").rows
    assert expired.key == "CONV/2023/001" and expired.state_label == "Vigente"
    assert s.get(Convenio, expired.id).state == "expired"  # type: ignore[union-attr]
    chosen = followup.build(session=s, meeting_id=d.meeting.id, tz=TZ, as_of=Clock(tz=TZ).today())
    rows = {r.key: r for sec in chosen.sections for r in sec.rows}
    assert rows[A + "03"].state_label == "Cumplido", "a later cut-off sees today's events"


def test_letterhead_paper_signer_and_logo_come_from_settings(d: Demo, tmp_path: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" '
        'height="10"/></svg>'
    )
    settings = Settings(
        _env_file=None,
        institution_name="Instituto de Prueba",
        institution_logo=logo,
        report_signer="Mtra. Laura Méndez",
        report_signer_post="Secretaria Técnica de la Comisión",
        paper_size="a4",
    )
    head = Letterhead.of(settings)
    report = _report(d)
    a4 = formats.followup(
        report, ReportFormat.pdf, institution="x", tz=TZ, today=CUT_OFF, letterhead=head
    )
    carta = formats.followup(report, ReportFormat.pdf, institution="x", tz=TZ, today=CUT_OFF)
    width = float(PdfReader(io.BytesIO(a4.content)).pages[0].mediabox.width)
    assert round(width) == 842, "A4 landscape"
    assert round(float(PdfReader(io.BytesIO(carta.content)).pages[0].mediabox.width)) == 792
    text = _pdf_text(a4.content)
    assert "Instituto de Prueba".upper() in text.upper()
    assert "Mtra. Laura Méndez" in text and "Secretaria Técnica de la Comisión" in text
    html = formats.followup(
        report, ReportFormat.html, institution="x", tz=TZ, today=CUT_OFF, letterhead=head
    ).content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and "size: A4 landscape" in html
    with pytest.raises(ValidationError):
        Settings(_env_file=None, paper_size="a5")


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "report"


def test_the_issued_fifth_session_report_is_rendered_to_page_images(d: Demo) -> None:
    """Page images of the issued PDF under `test-artifacts/report/`, for a person to look at;
    the PDF laid out as issuing lays it out (its number on it, PDF/A, the settings' paper)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: scripts/system-deps.sh installs poppler-utils")
    edition = Edition(1, 2024, date(2024, 5, 23))
    report = replace(_report(d), edition=edition)
    document = formats.followup(
        report, ReportFormat.html, institution="Instituto Electoral de la Ciudad de México",
        tz=TZ, today=edition.issued_on,
    ).content.decode()  # fmt: skip
    # In a worker process, as the server lays out an issued version.
    pdf = anyio.run(partial(RenderSlots(1, 120).to_pdf, document, variant=ARCHIVAL))
    backend = "postgresql" if "postgresql" in str(d.session.bind.url) else "sqlite"  # type: ignore[union-attr]
    target = ARTIFACTS / backend
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    (target / "seguimiento-5SO-2024-v1.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", str(target / "seguimiento-5SO-2024-v1.pdf"),
         str(target / "pagina")],
        check=True, timeout=120,
    )  # fmt: skip

    pages = PdfReader(io.BytesIO(pdf)).pages
    images = sorted(target.glob("pagina-*.png"))
    assert len(images) == len(pages) > 1
    assert all(image.stat().st_size > 5_000 for image in images), "no blank page"
    first = " ".join(pages[0].extract_text().split())
    assert "Versión emitida 1/2024, emitida el 23 de mayo de 2024" in first
    assert A + "01" in first, "the first table starts on the first page"
