"""`/convenios/{id}/informes`: the numbered progress reports of a convenio — list, issue the
next with a cut-off date (secretariat and admin, as the API), download PDF and XLSX."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.api.signin import person, sign_in
from tests.factories import ADMIN, Factory
from workflow.models import Convenio
from workflow.reports import convenio_progress


def convenio_with_eight_reports(make: Factory) -> Convenio:
    area = make.area()
    convenio = make.convenio([area], title="Convenio General de prueba")
    make.activity(area, convenio, title="Plan integral", due_date=date(2024, 6, 30))
    for week in range(8):
        convenio_progress.issue(
            session=make.session,
            actor=ADMIN,
            clock=make.clock,
            convenio_id=convenio.id,
            cut_off=date(2024, 3, 1) + timedelta(weeks=week),
        )
    return convenio


def test_the_secretariat_issues_the_ninth_and_then_the_tenth_report(
    api: TestClient, make: Factory
) -> None:
    convenio = convenio_with_eight_reports(make)
    page = f"/convenios/{convenio.id}/informes"
    token = sign_in(api, person(make, "secretariat"))
    html = api.get(page).text
    assert "Emitir el noveno informe" in html and "Informes emitidos: 8" in html
    assert f'href="{page}"' in api.get(f"/convenios/{convenio.id}").text

    r = api.post(page, data={"csrf_token": token, "corte": "2024-05-23"})
    assert r.status_code == 200, r.text
    assert "Se emitió el noveno informe con corte al 23 de mayo de 2024." in r.text
    assert "Emitir el décimo informe" in r.text
    r = api.post(page, data={"csrf_token": token, "corte": "2024-05-24"})
    assert "Se emitió el décimo informe" in r.text and "Informes emitidos: 10" in r.text
    numbers = [
        (rec.number, convenio_progress.titles(session=make.session, record=rec)[0])
        for rec in convenio_progress.issued(session=make.session, convenio_id=convenio.id)
    ]
    assert numbers[-2:] == [(9, "Noveno informe"), (10, "Décimo informe")]

    pdf = api.get(f"{page}/10.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = api.get(f"{page}/9.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert api.get(f"{page}/11.pdf").status_code == 404
    assert api.get("/convenios/999999/informes").status_code == 404


def test_a_refused_cut_off_shows_the_form_again_and_issues_nothing(
    api: TestClient, make: Factory
) -> None:
    convenio = convenio_with_eight_reports(make)
    page = f"/convenios/{convenio.id}/informes"
    token = sign_in(api, person(make, "admin"))
    for corte, why in (
        ((date.today() + timedelta(days=5)).isoformat(), "no puede ser posterior a hoy"),
        ("2024-01-01", "no puede ser anterior a la del informe 8"),
        ("31/05/2024", "Fecha de corte"),
        ("", "Indique la fecha de corte"),
    ):
        r = api.post(page, data={"csrf_token": token, "corte": corte})
        assert r.status_code == 422 and why in r.text, (corte, r.text)
    assert api.post(page, data={"corte": "2024-05-20"}).status_code == 403  # no CSRF token
    assert len(convenio_progress.issued(session=make.session, convenio_id=convenio.id)) == 8


def test_an_area_head_or_a_member_reads_the_reports_but_cannot_issue(
    api: TestClient, make: Factory
) -> None:
    convenio = convenio_with_eight_reports(make)
    page = f"/convenios/{convenio.id}/informes"
    for someone in (person(make, "area", make.area()), person(make, "member")):
        token = sign_in(api, someone)
        html = api.get(page).text
        assert "Octavo informe" in html and "Emitir el" not in html
        r = api.post(page, data={"csrf_token": token, "corte": "2024-05-20"})
        assert r.status_code == 403
        api.post("/logout", data={"csrf_token": token})
    assert len(convenio_progress.issued(session=make.session, convenio_id=convenio.id)) == 8
    anonymous = api.get(page, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
