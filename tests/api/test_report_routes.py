"""Convenio progress reports and the draft agenda over HTTP: who may issue, the numbering, the
formats, and a draft that posts as the next meeting."""

from __future__ import annotations

import io
from datetime import date, timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import Factory


def test_the_secretariat_issues_numbered_reports_that_everyone_reads(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    secretariat, head, member = (
        make.person("secretariat"),
        make.person("area", area),
        make.person("member"),
    )
    convenio = make.convenio([area], title="Convenio General INE-IECM")
    make.activity(
        area, convenio=convenio, title="Capacitación conjunta", due_date=date(2024, 3, 31)
    )
    url = f"/api/v1/convenios/{convenio.id}/progress-reports"

    assert api.post(url, json={}, headers=head.headers).status_code == 403
    first_day = date(2024, 1, 31)
    for i in range(9):
        cut_off = (first_day + timedelta(days=20 * i)).isoformat()
        r = api.post(url, json={"cut_off": cut_off}, headers=secretariat.headers)
        assert r.status_code == 201, r.text
    ninth = r.json()
    assert ninth["number"] == 9 and ninth["heading"] == "Noveno informe"
    assert ninth["title"].startswith("Noveno informe sobre el avance del cumplimiento")
    assert ninth["url"] == f"{url}/9"

    listed = api.get(url, headers=member.headers).json()
    assert [r["number"] for r in listed] == list(range(1, 10))
    data = api.get(f"{url}/9", headers=member.headers).json()
    assert data["heading"] == "Noveno informe"
    assert data["cut_off"] == (first_day + timedelta(days=160)).isoformat()
    (activity,) = data["activities"]
    assert activity["title"] == "Capacitación conjunta" and activity["overdue"] is True

    pdf = api.get(f"{url}/9", params={"format": "pdf"}, headers=member.headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Noveno informe sobre el avance" in text and "Capacitación conjunta" in text
    xlsx = api.get(f"{url}/9", params={"format": "xlsx"}, headers=member.headers)
    rows = list(load_workbook(io.BytesIO(xlsx.content))["Actividades"].iter_rows(values_only=True))
    assert rows[1][2] == "Capacitación conjunta" and rows[1][5] == "Pendiente"

    assert api.get(f"{url}/10", headers=member.headers).status_code == 404
    bad = api.post(url, json={"cut_off": "2024-01-01"}, headers=secretariat.headers)
    assert bad.status_code == 422 and "anterior" in bad.json()["detail"]
    assert (
        api.post(url, json={"corte": "2024-01-01"}, headers=secretariat.headers).status_code == 422
    )


def test_the_draft_agenda_posts_as_the_next_ordinary_session(
    api: TestClient, make: Factory
) -> None:
    secretariat = make.person("secretariat")
    organ = make.organ()
    make.meeting(date(2024, 4, 26), number=4)
    make.meeting(date(2024, 5, 24), number=5)

    r = api.get(
        f"/api/v1/organs/{organ.code}/next-agenda",
        params={"date": "2024-06-21"},
        headers=secretariat.headers,
    )
    assert r.status_code == 200, r.text
    draft = r.json()
    assert draft["session_name"] == "Sexta sesión ordinaria de 2024"
    points = [p["text"] for p in draft["meeting"]["agenda"]]
    assert "seguimiento de acuerdos aprobados en la quinta sesión ordinaria" in points[1]
    assert points[-1] == "Asuntos generales."

    created = api.post("/api/v1/meetings", json=draft["meeting"], headers=secretariat.headers)
    assert created.status_code == 201, created.text
    assert created.json()["key"] == f"{organ.code}/6SO/2024"
    assert (
        api.get("/api/v1/organs/NOEXISTE/next-agenda", headers=secretariat.headers).status_code
        == 404
    )
