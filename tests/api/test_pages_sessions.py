"""The secretariat's session pages: a session with its ordered agenda, its minutes, and the
acuerdos approved in it captured several at once (all or nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow.models import Agreement, Meeting

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def agreements_of(make: Factory, meeting: Meeting) -> list[Agreement]:
    stmt = select(Agreement).where(Agreement.meeting_id == meeting.id).order_by(Agreement.seq)
    return list(make.session.scalars(stmt))


def session_form(token: str, organ: str, **extra: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "organ": organ,
        "kind": "ordinaria",
        "number": "6",
        "date": "2024-06-28",
        "time": "11:00",
        "modality": "virtual",
        "action": "save",
        **extra,
    }


def capture_row(r: int, **values: Any) -> dict[str, Any]:
    return {f"a{r}-{k}": v for k, v in values.items()}


def test_secretariat_creates_a_session_with_points_and_lettered_sub_points(
    api: TestClient, make: Factory
) -> None:
    organ = make.organ()
    token = sign_in(api, person(make, "secretariat"))
    assert "/sesiones/nueva" in api.get("/sesiones").text
    form = session_form(
        token,
        organ.code,
        **{
            "agenda-0-text": "Aprobación de la minuta",
            "agenda-1-text": "Informes",
            "agenda-2-text": "Informe de la Red de Observación",
            "agenda-2-sub": "1",
            "agenda-3-text": "Asuntos generales",
        },
    )
    r = api.post("/sesiones/nueva", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    meeting = make.session.scalars(select(Meeting).where(Meeting.number == 6)).one()
    assert [(a.position, a.parent_position, a.text) for a in meeting.agenda] == [
        (100, None, "Aprobación de la minuta"),
        (200, None, "Informes"),
        (201, 200, "Informe de la Red de Observación"),
        (300, None, "Asuntos generales"),
    ]
    page = api.get(r.headers["location"]).text
    assert "Editar" in page and "Capturar acuerdos" in page


def test_agenda_buttons_move_a_point_with_its_sub_points_and_save_nothing(
    api: TestClient, make: Factory
) -> None:
    organ = make.organ()
    token = sign_in(api, person(make, "secretariat"))
    rows = {
        "agenda-0-text": "Primero",
        "agenda-1-text": "Segundo",
        "agenda-2-text": "Sub del segundo",
        "agenda-2-sub": "1",
    }
    r = api.post("/sesiones/nueva", data=session_form(token, organ.code, **rows, action="up-1"))
    assert r.status_code == 200
    html = r.text
    assert html.index(">Segundo<") < html.index(">Sub del segundo<") < html.index(">Primero<")
    r = api.post("/sesiones/nueva", data=session_form(token, organ.code, **rows, action="sub-0"))
    assert r.text.count('value="1" selected>Subpunto') == 2
    assert make.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_area_head_and_member_cannot_open_or_post_the_session_forms(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    meeting = make.meeting()
    for who in (person(make, "area", area), person(make, "member")):
        api.cookies.clear()
        token = sign_in(api, who)
        assert "/sesiones/nueva" not in api.get("/sesiones").text
        detail = api.get(f"/sesiones/{meeting.id}").text
        assert "/editar" not in detail and "/acuerdos/nuevos" not in detail
        for path in ("/sesiones/nueva", f"/sesiones/{meeting.id}/editar"):
            assert api.get(path).status_code == 403
        posts = {
            "/sesiones/nueva": session_form(token, meeting.organ.code),
            f"/sesiones/{meeting.id}/editar": session_form(token, meeting.organ.code),
            f"/sesiones/{meeting.id}/acuerdos/nuevos": {
                "csrf_token": token,
                "action": "save",
                **capture_row(0, title="X", lead=area.code, mode="permanente"),
            },
            f"/sesiones/{meeting.id}/minuta": {"csrf_token": token, "text": "Minuta"},
        }
        for path, data in posts.items():
            assert api.post(path, data=data).status_code == 403, path
    assert agreements_of(make, meeting) == []
    make.session.refresh(meeting)
    assert meeting.number != 6 and meeting.minutes.text is None


def test_a_session_form_without_csrf_token_is_refused(api: TestClient, make: Factory) -> None:
    organ = make.organ()
    sign_in(api, person(make, "secretariat"))
    r = api.post("/sesiones/nueva", data=session_form("falsificado", organ.code))
    assert r.status_code == 403
    assert make.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_a_stale_session_form_comes_back_with_what_was_typed(
    api: TestClient, make: Factory
) -> None:
    meeting = make.meeting()
    token = sign_in(api, person(make, "secretariat"))
    seen = meeting.version
    meeting.modality = "presencial"  # someone else saved meanwhile
    make.session.flush()
    form = session_form(
        token,
        meeting.organ.code,
        number=str(meeting.number),
        date="2024-04-26",
        version=str(seen),
        **{"agenda-0-id": str(meeting.agenda[0].id), "agenda-0-text": "Orden del día revisado"},
    )
    r = api.post(f"/sesiones/{meeting.id}/editar", data=form)
    assert r.status_code == 412, r.text[r.text.find("<main") :][:3000]
    assert "cambió mientras usted la editaba" in r.text
    assert ">Orden del día revisado</textarea>" in r.text
    make.session.refresh(meeting)
    assert meeting.agenda[0].text == "Aprobación del orden del día"
    assert meeting.modality == "presencial"


def test_session_form_problems_are_shown_next_to_their_fields(
    api: TestClient, make: Factory
) -> None:
    organ = make.organ()
    token = sign_in(api, person(make, "secretariat"))
    form = session_form(token, organ.code, number="0", date="2024-02-30")
    r = api.post("/sesiones/nueva", data=form)
    assert r.status_code == 422
    assert 'id="err-number"' in r.text and 'id="err-date"' in r.text
    assert make.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_minutes_keep_a_checked_file_and_are_approved_by_the_later_session(
    api: TestClient, make: Factory
) -> None:
    first = make.meeting(day=date(2024, 4, 26))
    later = make.meeting(day=date(2024, 5, 24))
    token = sign_in(api, person(make, "secretariat"))
    fake = {"file": ("acta.pdf", b"MZ not a pdf", "application/pdf")}
    data = {"csrf_token": token, "text": "Acta", "version": str(first.minutes.version)}
    r = api.post(f"/sesiones/{first.id}/minuta", data=data, files=fake)
    assert r.status_code == 422 and "no corresponde" in r.text
    make.session.refresh(first.minutes)
    assert first.minutes.text is None and first.minutes.file_id is None
    good = {"file": ("acta.pdf", PDF, "application/pdf")}
    r = api.post(f"/sesiones/{first.id}/minuta", data=data, files=good, follow_redirects=False)
    assert r.status_code == 303, r.text
    make.session.refresh(first.minutes)
    assert first.minutes.text == "Acta" and first.minutes.file is not None
    page = api.get(f"/sesiones/{later.id}").text
    assert f"/sesiones/{later.id}/aprobar-minuta" in page
    stale = {"csrf_token": token, "version": "1"}
    assert api.post(f"/sesiones/{later.id}/aprobar-minuta", data=stale).status_code == 412
    fresh = {"csrf_token": token, "version": str(first.minutes.version)}
    r = api.post(f"/sesiones/{later.id}/aprobar-minuta", data=fresh, follow_redirects=False)
    assert r.status_code == 303
    make.session.refresh(first.minutes)
    assert first.minutes.state == "approved" and first.minutes.approved_in_id == later.id


def test_a_session_with_acuerdos_keeps_its_number_and_the_points_they_are_filed_under(
    api: TestClient, make: Factory
) -> None:
    meeting = make.meeting()
    point = meeting.agenda[0]
    make.agreement([make.area()], meeting=meeting, agenda_item_id=point.id)
    token = sign_in(api, person(make, "secretariat"))
    assert "no pueden cambiar" in api.get(f"/sesiones/{meeting.id}/editar").text
    number = str(meeting.number)
    edits = [
        {"number": str(meeting.number + 1), "agenda-0-id": str(point.id), "agenda-0-text": "A"},
        {"number": number, "agenda-0-text": "Un punto nuevo en lugar del que tiene acuerdos"},
    ]
    for edit in edits:
        form = session_form(
            token, meeting.organ.code, date="2024-04-26", version=str(meeting.version), **edit
        )
        r = api.post(f"/sesiones/{meeting.id}/editar", data=form)
        assert r.status_code == 422, r.text
    make.session.refresh(meeting)
    assert meeting.number == int(number)
    assert [(a.id, a.text) for a in meeting.agenda] == [(point.id, "Aprobación del orden del día")]
