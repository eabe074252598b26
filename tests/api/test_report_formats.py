"""The follow-up report of the demo's 5th ordinary session in every format: each agreement of the
4th session is there with its state (PDF text via pypdf, XLSX rows via openpyxl, HTML, JSON).

The demo is loaded once per backend into a database of this module's own (these tests only read),
because loading it takes seconds and the shared test database must stay free of its codes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import create_app
from states import AGREEMENT
from tests.databases import demo_database
from tests.factories import ADMIN, Factory
from workflow.directory import catalogue
from workflow.models import Agreement, Meeting
from workflow.runtime.db import session_factory, unit_of_work
from workflow.runtime.settings import Settings

URL = "/api/v1/meetings/{id}/report"


@dataclass
class Demo:
    client: TestClient
    session: Session
    meetings: dict[int, Meeting]
    headers: dict[str, str]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with demo_database(request.param, tmp_path_factory.mktemp("demo")) as url:
        yield url


@pytest.fixture(scope="module")
def demo_app(demo_db: str) -> Iterator[Demo]:
    settings = Settings(database_url=demo_db, _env_file=None)  # type: ignore[call-arg]
    app = create_app(settings)
    engine = app.state.context.engine
    with unit_of_work(session_factory(engine, write=True)) as session:
        _, token = catalogue.create_user(
            session=session, actor=ADMIN, email="lectora@prueba.mx", name="Integrante",
            role="member",
        )  # fmt: skip
    with (
        TestClient(app, base_url="http://seguimiento.test") as client,
        session_factory(engine)() as s,
    ):
        found = s.scalars(select(Meeting).where(Meeting.kind == "ordinaria")).unique()
        yield Demo(client, s, {m.number: m for m in found}, {"Authorization": f"Bearer {token}"})
    engine.dispose()


def _expected(session: Session, meeting: Meeting) -> dict[str, str]:
    """Key -> state label of every agreement approved in `meeting`."""
    rows = session.scalars(
        select(Agreement).where(Agreement.meeting_id == meeting.id).order_by(Agreement.seq)
    ).unique()
    return {a.key: AGREEMENT.state_label(a.state) for a in rows}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_json_is_the_report_data(demo_app: Demo) -> None:
    d = demo_app
    r = d.client.get(URL.format(id=d.meetings[5].id), headers=d.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["header"]["meeting_key"] == "CPVOE/5SO/2024"
    assert body["previous_sessions"] == ["CPVOE/4SO/2024"]
    got = {row["key"]: row["state_label"] for row in body["approved"]["rows"]}
    assert got == _expected(d.session, d.meetings[4])
    first = body["approved"]["rows"][0]
    assert {"areas", "deadline", "overdue", "actions"} <= set(first)
    assert body["relevant"]["rows"] and body["convenios"]["groups"]


def test_pdf_text_has_every_agreement_of_the_previous_session_with_its_state(
    demo_app: Demo,
) -> None:
    d = demo_app
    r = d.client.get(URL.format(id=d.meetings[5].id), params={"format": "pdf"}, headers=d.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert 'filename="seguimiento-CPVOE-5SO-2024.pdf"' in r.headers["content-disposition"]
    reader = PdfReader(io.BytesIO(r.content))
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) >= 2
    assert "Página 1 de" in text and "Quinta sesión ordinaria de 2024" in text
    expected = _expected(d.session, d.meetings[4])
    keys = list(expected)
    for index, key in enumerate(keys):
        start = text.index(key)
        end = text.index(keys[index + 1]) if index + 1 < len(keys) else len(text)
        assert expected[key] in text[start:end], f"{key} sin su estado «{expected[key]}»"
    assert "Temas relevantes en proceso de cumplimiento" in text
    assert "Informe sobre la suscripción y seguimiento de convenios" in text
    assert "Vencido" in text


def test_xlsx_has_a_sheet_per_section_and_every_agreement_with_its_state(
    demo_app: Demo,
) -> None:
    d = demo_app
    r = d.client.get(URL.format(id=d.meetings[5].id), params={"format": "xlsx"}, headers=d.headers)
    assert r.status_code == 200, r.text
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == [
        "Resumen",
        "2.1 Acuerdos sesión anterior",
        "2.2 Acuerdos en proceso",
        "2.3 Acuerdos concluidos",
        "2.4 Temas relevantes",
        "3 Convenios",
        "4.2 Programa de trabajo",
    ]
    ws = wb["2.1 Acuerdos sesión anterior"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["No.", "Clave", "Acuerdo"] and ws["A1"].font.bold
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert {row[col["Clave"]]: row[col["Estado"]] for row in rows} == _expected(
        d.session, d.meetings[4]
    )
    deadlines = [row[col["Plazo"]] for row in rows]
    assert "Permanente" in deadlines, "an agreement without deadline says so"
    assert all(isinstance(d, datetime) for d in deadlines if d != "Permanente")
    overdue = [row for row in ws.iter_rows(min_row=2) if row[col["Vencido"]].value == "Sí"]
    assert overdue and all(cell.fill.fgColor.rgb.endswith("FDECEC") for cell in overdue[0])
    assert ws.freeze_panes == "A2"
    convenios = wb["3 Convenios"]
    assert convenios.max_row > 1 and convenios["A1"].value == "Apartado"


def test_html_lists_every_agreement_with_its_state_and_marks_overdue(demo_app: Demo) -> None:
    d = demo_app
    r = d.client.get(URL.format(id=d.meetings[5].id), params={"format": "html"}, headers=d.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert html.startswith("<!doctype html>") and "@page" in html
    for key, label in _expected(d.session, d.meetings[4]).items():
        row = re.search(
            rf"<tr[^>]*>\s*<td class=\"num\">\d+</td>\s*<td class=\"key\">{re.escape(key)}.*?</tr>",
            html,
            re.S,
        )
        assert row is not None, key
        assert label in row.group(0)
    assert 'class="badge overdue">Vencido' in html


def test_the_report_needs_a_signed_in_person_and_a_known_format(demo_app: Demo) -> None:
    d = demo_app
    url = URL.format(id=d.meetings[5].id)
    assert d.client.get(url).status_code == 401
    assert d.client.get(url, params={"format": "docx"}, headers=d.headers).status_code == 422
    missing = d.client.get(URL.format(id=999999), headers=d.headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_text_typed_by_people_is_escaped_in_the_html_report(api: TestClient, make: Factory) -> None:
    member = make.person("member")
    area = make.area()
    m4 = make.meeting(number=4)
    m5 = make.meeting(m4.date.replace(month=m4.date.month + 1), number=5)
    make.agreement([area], m4, title="<script>alert(1)</script>")
    r = api.get(URL.format(id=m5.id), params={"format": "html"}, headers=member.headers)
    assert r.status_code == 200, r.text
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
