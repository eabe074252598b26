"""A session's follow-up report as a record over HTTP (SPEC §6a): the secretariat writes
observaciones per row, issues numbered versions, and every later download of a version gives
the bytes whose SHA-256 was answered when it was issued."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import Factory, Person
from workflow.models import Agreement, Meeting


@dataclass
class Session5:
    secretariat: Person
    head: Person
    member: Person
    m4: Meeting
    m5: Meeting
    agreement: Agreement

    @property
    def report(self) -> str:
        return f"/api/v1/meetings/{self.m5.id}/report"


@pytest.fixture
def s5(make: Factory) -> Session5:
    area = make.area()
    m4 = make.meeting(date(2024, 4, 26), number=4)
    m5 = make.meeting(date(2024, 5, 24), number=5)
    with make.on(m4.date):
        agreement = make.agreement([area], m4, title="Presentar el calendario de eventos")
    return Session5(
        secretariat=make.person("secretariat"),
        head=make.person("area", area),
        member=make.person("member"),
        m4=m4,
        m5=m5,
        agreement=agreement,
    )


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def rows_of(report: dict[str, object]) -> dict[str, str]:
    """Item key → observación of every row of a report's JSON."""
    found: dict[str, str] = {}
    for value in report.values():
        if isinstance(value, dict) and isinstance(value.get("rows"), list):
            for row in value["rows"]:
                found[row["key"]] = row["observation"]
    return found


def test_issued_versions_are_numbered_and_their_bytes_never_change(
    api: TestClient, s5: Session5
) -> None:
    sec, key = s5.secretariat.headers, s5.agreement.key
    r = api.put(f"{s5.report}/observations", json={key: "  Primera lectura  "}, headers=sec)
    assert r.status_code == 200, r.text
    assert r.json() == {key: "Primera lectura"}
    assert rows_of(api.get(s5.report, headers=s5.member.headers).json())[key] == "Primera lectura"

    first = api.post(f"{s5.report}/issue", headers=sec)
    assert first.status_code == 201, first.text
    issued = first.json()
    assert set(issued) == {"number", "issued_at", "issued_by", "sha256"}
    assert issued["number"] == 1 and issued["issued_by"] == s5.secretariat.user.name
    one = f"{s5.report}/issued/1"
    before = {
        f: api.get(one, params={"format": f}, headers=s5.member.headers) for f in ("pdf", "xlsx")
    }
    before["json"] = api.get(one, headers=s5.member.headers)
    pdf = before["pdf"]
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == issued["sha256"]
    assert pdf.headers["etag"] == f'"{issued["sha256"]}"'
    reader = PdfReader(io.BytesIO(pdf.content))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp, "issued as PDF/A-3b"
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Presentar el calendario de eventos" in text
    assert "Versión emitida 1/2024, emitida el" in text and "Borrador" not in text
    summary = load_workbook(io.BytesIO(before["xlsx"].content))["Resumen"]
    lines = {row[0].value: row[1].value for row in summary.iter_rows()}
    assert lines["Versión"] == "Versión emitida 1/2024" and lines["Fecha de emisión"].year > 2024
    assert rows_of(before["json"].json())[key] == "Primera lectura"

    again = api.get(
        one, params={"format": "pdf"}, headers={**sec, "If-None-Match": pdf.headers["etag"]}
    )
    assert again.status_code == 304

    # Later: the agreement moves on, the observación is rewritten, a second version is issued.
    started = api.post(
        f"/api/v1/agreements/{s5.agreement.id}/events", json={"event": "start"}, headers=sec
    )
    assert started.status_code == 200, started.text
    api.put(f"{s5.report}/observations", json={key: "Segunda lectura"}, headers=sec)
    second = api.post(f"{s5.report}/issue", json={"as_of": "2024-05-24"}, headers=sec)
    assert second.status_code == 201 and second.json()["number"] == 2
    pdf_two = api.get(f"{s5.report}/issued/2", params={"format": "pdf"}, headers=sec).content
    assert "Versión emitida 2/2024" in _pdf_text(pdf_two)
    draft = api.get(s5.report, params={"format": "pdf"}, headers=sec)
    assert draft.status_code == 200 and "Borrador" in _pdf_text(draft.content)
    assert "Versión emitida" not in _pdf_text(draft.content)
    two = api.get(f"{s5.report}/issued/2", headers=s5.member.headers).json()
    assert rows_of(two)[key] == "Segunda lectura"

    for fmt, response in before.items():
        later = api.get(one, params={"format": fmt}, headers=s5.member.headers)
        assert later.content == response.content, f"the issued {fmt} changed"

    listed = api.get(f"{s5.report}/issued", headers=s5.head.headers).json()
    assert [(v["number"], v["year"], v["cut_off"]) for v in listed] == [
        (1, 2024, listed[0]["cut_off"]),
        (2, 2024, "2024-05-24"),
    ]
    assert listed[0]["sha256"] == issued["sha256"] and listed[0]["pdf_variant"] == "pdf/a-3b"

    # The number counts per organ and year: the fourth session's report is the third of 2024.
    third = api.post(f"/api/v1/meetings/{s5.m4.id}/report/issue", headers=sec)
    assert third.status_code == 201 and third.json()["number"] == 3


def test_only_the_secretariat_writes_and_issues_and_bad_requests_say_why(
    api: TestClient, s5: Session5, make: Factory
) -> None:
    key = s5.agreement.key
    for who in (s5.head, s5.member):
        assert (
            api.put(f"{s5.report}/observations", json={key: "x"}, headers=who.headers).status_code
            == 403
        )
        assert api.post(f"{s5.report}/issue", headers=who.headers).status_code == 403
    sec = s5.secretariat.headers

    missing = "/api/v1/meetings/999999/report"
    assert api.get(missing, headers=sec).status_code == 404
    assert api.put(f"{missing}/observations", json={}, headers=sec).status_code == 404
    assert api.post(f"{missing}/issue", headers=sec).status_code == 404
    assert api.get(f"{missing}/issued", headers=sec).status_code == 404
    gone = api.get(f"{s5.report}/issued/7", headers=sec)
    assert gone.status_code == 404 and "número 7" in gone.json()["detail"]

    bad_date = api.get(s5.report, params={"as_of": "2024-13-01"}, headers=sec)
    assert bad_date.status_code == 422
    assert api.get(s5.report, params={"as_of": "2024-05-01"}, headers=sec).status_code == 200

    unknown = api.put(f"{s5.report}/observations", json={"NO/EXISTE": "x"}, headers=sec)
    assert unknown.status_code == 422 and "«NO/EXISTE»" in unknown.json()["detail"]
    long = api.put(f"{s5.report}/observations", json={key: "x" * 2001}, headers=sec)
    assert long.status_code == 422 and "2000" in long.json()["detail"]
    assert api.put(f"{s5.report}/observations", json={key: 3}, headers=sec).status_code == 422
    assert api.put(f"{s5.report}/observations", json=[key], headers=sec).status_code == 422
    future = api.post(f"{s5.report}/issue", json={"as_of": "2199-01-01"}, headers=sec)
    assert future.status_code == 422 and "posterior a hoy" in future.json()["detail"]
    assert (
        api.post(f"{s5.report}/issue", json={"corte": "2024-05-01"}, headers=sec).status_code == 422
    )
    assert api.get(f"{s5.report}/issued", headers=sec).json() == []

    # Replaced as a whole: a key left out loses its observación.
    api.put(f"{s5.report}/observations", json={key: "Algo"}, headers=sec)
    assert api.put(f"{s5.report}/observations", json={}, headers=sec).json() == {}
    assert rows_of(api.get(s5.report, headers=sec).json())[key] == ""
