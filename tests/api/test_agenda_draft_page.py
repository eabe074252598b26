"""`/organos/{code}/orden-del-dia`: the draft agenda of the next ordinary session, edited in a
plain form (reorder, remove, add) and turned into the new session with one button."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow.models import Meeting


def form(token: str, points: list[tuple[str, str, str]], **fields: str) -> dict[str, str]:
    """The posted form: (text, sub-points one per line, place) per row."""
    data = {"csrf_token": token, "puntos": str(len(points))}
    data |= {"numero": "5", "anio": "2024", "fecha": "2024-06-28", "modalidad": "virtual"}
    for i, (text, subs, place) in enumerate(points):
        data |= {f"texto-{i}": text, f"subpuntos-{i}": subs, f"orden-{i}": place}
    return data | fields


def test_the_draft_page_creates_the_session_with_the_edited_points(
    api: TestClient, make: Factory
) -> None:
    make.meeting(date(2024, 4, 26), number=4)
    convenio = make.convenio([make.area()], title="Convenio General de prueba")
    organ = make.organ().code
    page = f"/organos/{organ}/orden-del-dia"
    token = sign_in(api, person(make, "secretariat"))
    html = api.get(page).text
    assert "Quinta sesión ordinaria de 2024" in html
    assert "Presentación del seguimiento de acuerdos aprobados en la" in html
    assert "Asuntos generales." in html and 'value="5"' in html

    points = [
        ("Asuntos generales.", "", "9"),
        ("Presentación del seguimiento de acuerdos.", "", "1"),
        ("Punto que sobra.", "", "2"),
        (
            "Presentación de informes.",
            "Noveno informe sobre el avance del Convenio General de prueba.\n\nNota sobre X.",
            "3",
        ),
        ("Punto nuevo sobre el calendario.", "", "4"),
        ("", "", "5"),
    ]
    preview = api.post(page, data=form(token, points, **{"quitar-2": "1", "accion": "actualizar"}))
    assert preview.status_code == 200
    shown = preview.text
    order = [
        shown.index(t)
        for t in (
            "seguimiento de acuerdos.",
            "Presentación de informes",
            "calendario",
            "Asuntos generales",
        )
    ]
    assert order == sorted(order) and "Punto que sobra" not in shown
    assert api.get(page).status_code == 200 and not make.session.scalar(
        select(Meeting).where(Meeting.date == date(2024, 6, 28))
    ), "updating the draft creates nothing"

    r = api.post(
        page,
        data=form(token, points, **{"quitar-2": "1", "accion": "crear", "hora": "11:00"}),
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    meeting = make.session.scalar(select(Meeting).where(Meeting.date == date(2024, 6, 28)))
    assert meeting is not None and r.headers["location"] == f"/sesiones/{meeting.id}"
    assert meeting.key == f"{organ}/5SO/2024"
    assert [(a.position, a.text) for a in meeting.agenda] == [
        (100, "Presentación del seguimiento de acuerdos."),
        (200, "Presentación de informes."),
        (201, "Noveno informe sobre el avance del Convenio General de prueba."),
        (202, "Nota sobre X."),
        (300, "Punto nuevo sobre el calendario."),
        (400, "Asuntos generales."),
    ]
    session_page = api.get(r.headers["location"]).text
    assert f"Se creó la sesión {meeting.key}" in session_page
    assert f'href="/convenios/{convenio.id}/informes"' in session_page
    assert f'href="{page}"' in session_page

    again = api.post(page, data=form(token, points, accion="crear"))
    assert again.status_code == 409 and "Ya existe la sesión" in again.text
    assert "Punto nuevo sobre el calendario." in again.text, "the form keeps what was typed"


def test_a_refused_draft_is_shown_again_with_the_reason(api: TestClient, make: Factory) -> None:
    organ = make.organ().code
    page = f"/organos/{organ}/orden-del-dia"
    token = sign_in(api, person(make, "admin"))
    points = [("Asuntos generales.", "", "1")]
    for fields, why in (
        ({"fecha": ""}, "«Fecha»"),
        ({"fecha": "28/06/2024"}, "«Fecha»"),
        ({"numero": "mil"}, "«Número de sesión»"),
        ({"modalidad": "telepática"}, "Modalidad «telepática» desconocida"),
        ({"hora": "25:99"}, "«Hora»"),
        ({"anio": "99999999999999999999999"}, "«Año»"),
        ({"texto-0": "Nulo\x00"}, "«Orden del día»"),
        ({"puntos": "0"}, "al menos un punto"),
        ({"texto-0": "   ", "puntos": "99999999999999999999"}, "al menos un punto"),
    ):
        r = api.post(page, data=form(token, points, accion="crear", **fields))
        assert r.status_code == 422 and why in r.text, (fields, r.text[-3000:])
    no_token = form(token, points, accion="crear")
    del no_token["csrf_token"]
    assert api.post(page, data=no_token).status_code == 403
    assert not make.session.scalars(select(Meeting)).all()


def test_a_member_reads_the_draft_and_its_pdf_but_cannot_create_the_session(
    api: TestClient, make: Factory
) -> None:
    make.meeting(date(2024, 4, 26), number=4)
    organ = make.organ().code
    page = f"/organos/{organ}/orden-del-dia"
    token = sign_in(api, person(make, "member"))
    html = api.get(page).text
    assert "Asuntos generales." in html and "Crear la sesión" not in html
    r = api.post(page, data=form(token, [("Asuntos generales.", "", "1")], accion="crear"))
    assert r.status_code == 403
    pdf = api.get(f"{page}.pdf?fecha=2024-06-28")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get("/organos/NOEXISTE/orden-del-dia").status_code == 404
    assert api.get(f"{page}?fecha=mañana").status_code == 422
