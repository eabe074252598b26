"""`/organos/{code}/orden-del-dia`: the draft agenda of the next ordinary session, to read; its
«Crear la sesión con este orden del día» opens the one session form filled with it, where the
points are reordered, removed and added before the session is saved."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow.models import Meeting


def session_form(
    token: str, organ: str, rows: list[tuple[str, str, bool]], **fields: str
) -> dict[str, str]:
    """The posted session form: (text, place, is a sub-point) per agenda row."""
    data = {
        "csrf_token": token,
        "organ": organ,
        "kind": "ordinaria",
        "number": "5",
        "date": "2024-06-28",
        "time": "",
        "modality": "virtual",
        "action": "save",
    }
    for i, (text, place, sub) in enumerate(rows):
        data |= {
            f"agenda-{i}-text": text,
            f"agenda-{i}-pos": place,
            f"agenda-{i}-sub": "1" if sub else "0",
        }
    return data | fields


EDITED = [
    ("Asuntos generales.", "9", False),
    ("Presentación del seguimiento de acuerdos.", "1", False),
    ("Punto que sobra.", "2", False),
    ("Presentación de informes.", "3", False),
    ("Noveno informe sobre el avance del Convenio General de prueba.", "4", True),
    ("Nota sobre X.", "5", True),
    ("Punto nuevo sobre el calendario.", "6", False),
    ("", "7", False),
]


def test_the_draft_opens_the_session_form_filled_and_the_edited_session_is_saved(
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
    assert "Asuntos generales." in html
    assert "<textarea" not in html and f'action="{page}"' not in html, "the draft is read here"
    new = f"/sesiones/nueva?borrador={organ}"
    assert f'href="{new}"' in html and "Crear la sesión con este orden del día" in html

    form = api.get(new).text
    assert 'name="number" min="1" max="999" value="5"' in form
    assert f'<option value="{organ}" selected>' in form
    assert '<option value="ordinaria" selected>' in form
    standing = ("seguimiento de acuerdos aprobados en la", "Asuntos generales.</textarea>")
    assert all(s in form for s in standing) and form.index(standing[0]) < form.index(standing[1])

    removed = api.post(
        "/sesiones/nueva", data=session_form(token, organ, EDITED, action="remove-2")
    )
    assert removed.status_code == 200
    shown = removed.text
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
    assert not make.session.scalar(
        select(func.count()).select_from(Meeting).where(Meeting.number == 5)
    )

    kept = [row for row in EDITED if row[0] != "Punto que sobra."]
    r = api.post(
        "/sesiones/nueva",
        data=session_form(token, organ, kept, time="11:00"),
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
    assert f"Se guardó la sesión {meeting.key}" in session_page
    assert f'href="/convenios/{convenio.id}/informes"' in session_page
    assert f'href="{page}"' in session_page

    again = api.post("/sesiones/nueva", data=session_form(token, organ, kept))
    assert again.status_code == 409 and "Ya existe la sesión" in again.text
    assert "Punto nuevo sobre el calendario." in again.text, "the form keeps what was typed"


def test_a_refused_session_from_the_draft_is_shown_again_with_the_reason(
    api: TestClient, make: Factory
) -> None:
    organ = make.organ().code
    token = sign_in(api, person(make, "admin"))
    assert "Asuntos generales." in api.get(f"/sesiones/nueva?borrador={organ}").text
    rows = [("Asuntos generales.", "1", False)]
    for fields, why in (
        ({"date": ""}, "Indique la fecha"),
        ({"date": "28/06/2024"}, "«Fecha»"),
        ({"number": "mil"}, "«Número»"),
        ({"modality": "telepática"}, "Modalidad «telepática» desconocida"),
        ({"time": "25:99"}, "«Hora»"),
        ({"agenda-0-text": "Nulo\x00"}, "«Orden del día»"),
        ({"agenda-0-sub": "1"}, "debe ser un punto, no un subpunto"),
    ):
        r = api.post("/sesiones/nueva", data=session_form(token, organ, rows, **fields))
        assert r.status_code == 422 and why in r.text, (fields, r.text[-3000:])
    no_token = session_form(token, organ, rows)
    del no_token["csrf_token"]
    assert api.post("/sesiones/nueva", data=no_token).status_code == 403
    assert not make.session.scalars(select(Meeting)).all()
    assert api.get("/sesiones/nueva?borrador=NOEXISTE").status_code == 404
    assert api.get("/sesiones/nueva?borrador=../x").status_code == 422


def test_a_member_reads_the_draft_and_its_pdf_but_cannot_create_the_session(
    api: TestClient, make: Factory
) -> None:
    make.meeting(date(2024, 4, 26), number=4)
    organ = make.organ().code
    page = f"/organos/{organ}/orden-del-dia"
    token = sign_in(api, person(make, "member"))
    html = api.get(page).text
    assert "Asuntos generales." in html and "Crear la sesión" not in html
    assert api.get(f"/sesiones/nueva?borrador={organ}").status_code == 403
    r = api.post(
        "/sesiones/nueva", data=session_form(token, organ, [("Asuntos generales.", "1", False)])
    )
    assert r.status_code == 403
    assert api.post(page, data={"csrf_token": token}).status_code == 405
    pdf = api.get(f"{page}.pdf?fecha=2024-06-28")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert api.get("/organos/NOEXISTE/orden-del-dia").status_code == 404
    assert api.get(f"{page}?fecha=mañana").status_code == 422
