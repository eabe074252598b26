"""Capturing the acuerdos of a session, several in one form: keys in order, every problem next
to its field, nothing saved until every row is right; the session page lists them by agenda
point, and the API files them the same way."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from tests.api.signin import person, sign_in
from tests.api.test_pages_sessions import agreements_of, capture_row, session_form
from tests.factories import Factory


def test_secretariat_captures_three_acuerdos_in_one_form_with_keys_in_order(
    api: TestClient, make: Factory
) -> None:
    lead, other = make.area(), make.area()
    meeting = make.meeting(day=date(2024, 5, 2))
    point = meeting.agenda[0]
    token = sign_in(api, person(make, "secretariat"))
    data = {
        "csrf_token": token,
        "rows": "3",
        "action": "save",
        **capture_row(
            0, title="Informe", lead=lead.code, mode="dias", days="10", agenda_item=str(point.id)
        ),
        **capture_row(1, title="Revisión permanente", lead=lead.code, mode="permanente"),
        **capture_row(
            2,
            title="Tema",
            lead=lead.code,
            co=[other.code],
            mode="fecha",
            deadline="2024-06-30",
            relevant="1",
        ),
    }
    r = api.post(f"/sesiones/{meeting.id}/acuerdos/nuevos", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    made = agreements_of(make, meeting)
    assert [a.key for a in made] == [f"{meeting.key}/0{n}" for n in (1, 2, 3)]
    assert made[0].deadline == date(2024, 5, 16) and made[0].agenda_item_id == point.id
    assert made[1].deadline is None
    assert [a.code for a in made[2].areas] == [lead.code, other.code] and made[2].relevant
    page = api.get(f"/sesiones/{meeting.id}").text
    assert page.index("Punto 1. Aprobación del orden del día") < page.index(">Informe<")
    assert page.index("Sin punto del orden del día") < page.index(">Revisión permanente<")


def test_one_wrong_row_saves_no_acuerdo_and_says_what_is_wrong_where(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    meeting = make.meeting()
    token = sign_in(api, person(make, "secretariat"))
    data = {
        "csrf_token": token,
        "rows": "3",
        "action": "save",
        **capture_row(0, title="Bien", lead=area.code, mode="permanente"),
        **capture_row(1, title="Sin área", mode="dias", days="abc"),
        **capture_row(2, text="Sin título", lead=area.code, mode="fecha", deadline="2024-13-01"),
    }
    r = api.post(f"/sesiones/{meeting.id}/acuerdos/nuevos", data=data)
    assert r.status_code == 422
    for where in ("a1-lead", "a1-days", "a2-title", "a2-deadline"):
        assert f'id="err-{where}"' in r.text, where
    assert 'value="Bien"' in r.text and ">Sin título</textarea>" in r.text
    assert agreements_of(make, meeting) == []


def test_agregar_otro_adds_a_row_and_keeps_what_was_typed(api: TestClient, make: Factory) -> None:
    area = make.area()
    meeting = make.meeting()
    token = sign_in(api, person(make, "secretariat"))
    data = {
        "csrf_token": token,
        "rows": "3",
        "action": "more",
        **capture_row(0, title="Escrito", lead=area.code, mode="dias", days="5"),
    }
    r = api.post(f"/sesiones/{meeting.id}/acuerdos/nuevos", data=data)
    assert r.status_code == 200
    assert 'name="a3-title"' in r.text and 'value="Escrito"' in r.text
    assert agreements_of(make, meeting) == []


def test_the_api_files_an_acuerdo_under_an_agenda_point_of_its_own_session_only(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    meeting, other = make.meeting(), make.meeting()
    headers = person(make, "secretariat").headers
    body = {"meeting": meeting.id, "title": "Informe", "areas": [area.code]}
    r = api.post(
        "/api/v1/agreements",
        json={**body, "agenda_item": other.agenda[0].id},
        headers=headers,
    )
    assert r.status_code == 422 and "no es de la sesión" in r.json()["detail"]
    r = api.post(
        "/api/v1/agreements", json={**body, "agenda_item": meeting.agenda[0].id}, headers=headers
    )
    assert r.status_code == 201, r.text
    assert r.json()["agenda_item"] == meeting.agenda[0].id


def test_hostile_session_and_capture_forms_get_an_answer_and_change_nothing(
    api: TestClient, make: Factory
) -> None:
    meeting, other = make.meeting(), make.meeting()
    token = sign_in(api, person(make, "secretariat"))
    hostile: list[tuple[str, dict[str, Any]]] = [
        (
            f"/sesiones/{meeting.id}/editar",
            session_form(
                token,
                "NOEXISTE",
                kind="urgentisima",
                number="99999999999999999999",
                date="0000-00-00",
                time="25:99",
                **{"agenda-0-id": str(other.agenda[0].id), "agenda-0-text": "x" * 6000},
            ),
        ),
        (
            f"/sesiones/{meeting.id}/editar",
            session_form(
                token,
                meeting.organ.code,
                number=str(meeting.number),
                date="2024-04-26",
                **{"agenda-0-id": str(other.agenda[0].id), "agenda-0-text": "Ajeno"},
            ),
        ),
        (
            f"/sesiones/{meeting.id}/editar",
            session_form(token, meeting.organ.code, action="up-999", **{"agenda-9999-pos": "-1"}),
        ),
        (
            f"/sesiones/{meeting.id}/acuerdos/nuevos",
            {
                "csrf_token": token,
                "rows": "9999999999999",
                "action": "save",
                **capture_row(
                    0,
                    title="\x00",
                    lead="NOEXISTE",
                    co=["X"] * 500,
                    mode="siempre",
                    agenda_item="1e9",
                ),
            },
        ),
        (
            f"/sesiones/{meeting.id}/acuerdos/nuevos",
            {
                "csrf_token": token,
                "action": "save",
                **capture_row(0, title="Ajeno", lead="NOEXISTE", mode="dias", days="999"),
            },
        ),
    ]
    for path, data in hostile:
        r = api.post(path, data=data)
        assert r.status_code < 500 and r.status_code != 303, (path, r.status_code)
    assert agreements_of(make, meeting) == []
    make.session.refresh(meeting)
    assert [a.text for a in meeting.agenda] == ["Aprobación del orden del día"]
