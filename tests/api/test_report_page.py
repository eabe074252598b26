"""`/sesiones/{id}/seguimiento`: the follow-up report as a page for people signed in with the
session cookie, with its PDF and XLSX downloads."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.api.signin import person, sign_in
from tests.factories import Factory


def test_a_signed_in_member_reads_the_report_page_and_downloads_it(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    m4 = make.meeting(date(2024, 4, 26), number=4)
    m5 = make.meeting(date(2024, 5, 24), number=5)
    with make.on(m4.date):
        agreement = make.agreement([area], m4, title="Presentar el calendario de eventos")
    page = f"/sesiones/{m5.id}/seguimiento"

    anonymous = api.get(page, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")

    sign_in(api, person(make, "member"))
    r = api.get(page)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert 'class="site-nav"' in r.text, "the page keeps the site's layout"
    assert agreement.key in r.text and "Presentar el calendario de eventos" in r.text
    assert "Temas relevantes en proceso de cumplimiento" in r.text
    assert f'href="{page}.pdf"' in r.text and f'href="{page}.xlsx"' in r.text

    pdf = api.get(f"{page}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = api.get(f"{page}.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert api.get("/sesiones/999999/seguimiento").status_code == 404
