"""Every route and every error code of SPEC §4, through the whole app (no mocks)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from api.app import create_app
from api.context import AppContext
from tests.api.core_world import World, assert_error, snapshot
from tests.factories import Factory
from workflow.models import Agreement, EvidenceFile
from workflow.settings import Settings

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def world(make: Factory) -> World:
    return World.build(make)


def agreement_url(world: World) -> str:
    return f"/api/v1/agreements/{world.agreement.id}"


# --- system -----------------------------------------------------------------------------------


def test_health_and_readiness_answer_without_credentials(api: TestClient) -> None:
    assert api.get("/healthz").json() == {"status": "ok"}
    assert api.get("/readyz").json() == {"status": "ok"}


def test_docs_and_openapi_describe_the_routes_of_the_spec(api: TestClient) -> None:
    assert api.get("/docs").status_code == 200
    assert "swagger" in api.get("/docs").text.lower()
    paths = api.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/organs",
        "/api/v1/areas",
        "/api/v1/users",
        "/api/v1/auth/token",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/meetings/{meeting_id}/minutes/events",
        "/api/v1/agreements",
        "/api/v1/agreements/{item_id}",
        "/api/v1/agreements/{item_id}/events",
        "/api/v1/agreements/{item_id}/updates",
        "/api/v1/convenios/{item_id}/events",
        "/api/v1/convenios/{item_id}/activities",
        "/api/v1/activities/{item_id}/updates",
        "/api/v1/workflows",
        "/api/v1/workflows/{name}",
        "/api/v1/files/{file_id}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/agreements/{item_id}"]) >= {"get", "patch"}


def test_an_unknown_address_and_a_wrong_method_answer_in_the_usual_shape(
    api: TestClient, world: World
) -> None:
    assert_error(api.get("/api/v1/nothing-here"), 404, "http_404")
    assert_error(api.delete(agreement_url(world), headers=world.admin.headers), 405, "http_405")


def test_workflows_list_each_lifecycle_with_its_diagram(api: TestClient, world: World) -> None:
    body = api.get("/api/v1/workflows", headers=world.member.headers).json()
    assert [w["name"] for w in body] == ["agreement", "convenio", "activity", "minutes"]
    agreement = api.get("/api/v1/workflows/agreement", headers=world.member.headers).json()
    assert agreement["initial"] == "approved"
    assert {"id": "fulfilled", "label": "Cumplido", "final": True} in agreement["states"]
    assert agreement["mermaid"].startswith("stateDiagram-v2")
    body = assert_error(
        api.get("/api/v1/workflows/acuerdo", headers=world.member.headers), 404, "not_found"
    )
    assert "agreement" in body["detail"]


# --- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer sgt_not-a-real-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer "},
    ],
    ids=["none", "unknown", "basic", "empty"],
)
def test_without_valid_credentials_the_api_answers_401(
    api: TestClient, world: World, headers: dict[str, str]
) -> None:
    for method, url in (
        ("GET", "/api/v1/agreements"),
        ("GET", agreement_url(world)),
        ("POST", agreement_url(world) + "/events"),
    ):
        r = api.request(method, url, headers=headers, json={"event": "start"})
        assert_error(r, 401, "not_authenticated")
        assert r.headers["WWW-Authenticate"] == "Bearer"


def test_a_password_gives_a_token_that_works(api: TestClient, make: Factory) -> None:
    person = make.person("member", password="contraseña-larga")
    r = api.post(
        "/api/v1/auth/token",
        data={"username": person.user.email.upper(), "password": "contraseña-larga"},
    )
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    assert r.json()["token_type"] == "bearer" and token != person.token
    me = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/agreements", headers=me).status_code == 200


@pytest.mark.parametrize(
    ("username", "password"),
    [("p@prueba.mx", "equivocada"), ("nadie@prueba.mx", "contraseña-larga")],
    ids=["wrong-password", "unknown-email"],
)
def test_a_wrong_password_or_email_answers_401(
    api: TestClient, make: Factory, username: str, password: str
) -> None:
    person = make.person("member", password="contraseña-larga")
    if username == "p@prueba.mx":
        username = person.user.email
    r = api.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert "incorrectos" in assert_error(r, 401, "not_authenticated")["detail"]


def test_a_person_without_password_cannot_sign_in_with_one(api: TestClient, make: Factory) -> None:
    person = make.person("member")
    r = api.post("/api/v1/auth/token", data={"username": person.user.email, "password": "x" * 8})
    assert_error(r, 401, "not_authenticated")


# --- directory: organs, areas, users ------------------------------------------------------------


def test_organs_and_areas_are_created_and_listed_by_code(api: TestClient, world: World) -> None:
    h = world.secretariat.headers
    r = api.post("/api/v1/organs", json={"code": "cpvoe", "name": "Comisión"}, headers=h)
    assert r.status_code == 201 and r.json()["code"] == "CPVOE"
    r = api.post("/api/v1/areas", json={"code": "DECEYEC", "name": "Dirección"}, headers=h)
    assert r.status_code == 201
    assert "CPVOE" in [o["code"] for o in api.get("/api/v1/organs", headers=h).json()]
    codes = [a["code"] for a in api.get("/api/v1/areas", headers=h).json()]
    assert codes == sorted(codes) and {"DECEYEC", "UTVOE", "DEOEYG"} <= set(codes)


@pytest.mark.parametrize("path", ["/api/v1/organs", "/api/v1/areas"])
def test_a_duplicate_code_answers_409(api: TestClient, world: World, path: str) -> None:
    body = {"code": "DUP", "name": "Primero"}
    assert api.post(path, json=body, headers=world.admin.headers).status_code == 201
    r = api.post(path, json={"code": "dup", "name": "Otro"}, headers=world.admin.headers)
    assert assert_error(r, 409, "conflict")["field"] == "code"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"code": "CON ESPACIO", "name": "x"}, "«code» no tiene el formato esperado"),
        ({"code": "X", "name": ""}, "«name» no puede estar vacío"),
        ({"code": "X", "name": "x", "color": "rojo"}, "«color» no es un campo admitido"),
        ({"name": "x"}, "«code» es obligatorio"),
    ],
)
def test_invalid_area_bodies_answer_422_in_spanish(
    api: TestClient, world: World, body: dict[str, Any], words: str
) -> None:
    r = api.post("/api/v1/areas", json=body, headers=world.admin.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]


def test_a_body_that_is_not_json_answers_422(api: TestClient, world: World) -> None:
    r = api.post(
        "/api/v1/areas",
        content=b"{code: X",
        headers={**world.admin.headers, "Content-Type": "application/json"},
    )
    assert_error(r, 422, "invalid")


def test_admin_creates_a_user_whose_token_is_shown_once_and_works(
    api: TestClient, world: World
) -> None:
    r = api.post(
        "/api/v1/users",
        json={"email": "Enlace@IECM.mx", "name": "Enlace UTVOE", "role": "area", "area": "utvoe"},
        headers=world.admin.headers,
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["email"] == "enlace@iecm.mx" and created["area"] == "UTVOE"
    token = created["token"]
    assert token.startswith("sgt_") and len(token) > 40
    listed = api.get("/api/v1/users", headers=world.admin.headers).json()
    assert "token" not in next(u for u in listed if u["email"] == "enlace@iecm.mx")
    assert token not in api.get("/api/v1/users", headers=world.admin.headers).text
    me = {"Authorization": f"Bearer {token}"}
    detail = api.get(agreement_url(world), headers=me).json()
    assert detail["allowed_events"] == ["start", "report_fulfillment"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"role": "jefe"}, 422, "invalid"),
        ({"role": "area"}, 422, "invalid"),
        ({"role": "area", "area": "NOEXISTE"}, 422, "invalid"),
        ({"role": "member", "email": "no-es-correo"}, 422, "invalid"),
        ({"role": "member", "password": "corta"}, 422, "invalid"),
        ({"role": "member", "email": "dup@iecm.mx"}, 409, "conflict"),
    ],
    ids=["unknown-role", "area-without-area", "unknown-area", "bad-email", "short-pw", "dup"],
)
def test_invalid_users_are_refused(
    api: TestClient, world: World, body: dict[str, Any], status: int, code: str
) -> None:
    base = {"email": "nueva@iecm.mx", "name": "Nueva persona"}
    if body.get("email") == "dup@iecm.mx":
        ok = api.post("/api/v1/users", json={**base, **body}, headers=world.admin.headers)
        assert ok.status_code == 201
    r = api.post("/api/v1/users", json={**base, **body}, headers=world.admin.headers)
    assert_error(r, status, code)


def test_only_admin_lists_users(api: TestClient, world: World) -> None:
    assert_error(api.get("/api/v1/users", headers=world.secretariat.headers), 403, "forbidden")
    assert api.get("/api/v1/users", headers=world.admin.headers).status_code == 200


# --- meetings and minutes ---------------------------------------------------------------------


def new_meeting(api: TestClient, world: World, **kw: Any) -> Any:
    body = {
        "organ": world.meeting.organ.code.lower(),
        "kind": "ordinaria",
        "number": 6,
        "year": 2024,
        "date": "2024-06-28",
        "time": "11:00",
        "modality": "virtual",
        "agenda": [
            "Lista de asistencia",
            {"text": "Informes", "items": ["Informe trimestral", "Informe de convenios"]},
        ],
        **kw,
    }
    return api.post("/api/v1/meetings", json=body, headers=world.secretariat.headers)


def test_a_meeting_is_created_with_its_agenda_key_and_draft_minutes(
    api: TestClient, world: World
) -> None:
    r = new_meeting(api, world)
    assert r.status_code == 201, r.text
    meeting = r.json()
    assert meeting["key"] == f"{world.meeting.organ.code}/6SO/2024"
    assert (meeting["time"], meeting["modality"]) == ("11:00:00", "virtual")
    assert meeting["agenda"][1] == {
        "number": "2",
        "text": "Informes",
        "items": [
            {"number": "a", "text": "Informe trimestral", "items": []},
            {"number": "b", "text": "Informe de convenios", "items": []},
        ],
    }
    assert meeting["minutes"]["state"] == "draft"
    assert r.headers["Location"] == f"/api/v1/meetings/{meeting['id']}"
    got = api.get(f"/api/v1/meetings/{meeting['id']}", headers=world.member.headers)
    assert got.json() == meeting and got.headers["ETag"] == '"1"'


def test_meetings_are_listed_newest_first_and_filtered(api: TestClient, world: World) -> None:
    h = world.member.headers
    listed = api.get("/api/v1/meetings", headers=h).json()
    assert [m["number"] for m in listed][:2] == [5, 4]
    organ = world.meeting.organ.code
    assert len(api.get(f"/api/v1/meetings?organ={organ}&year=2024", headers=h).json()) == 2
    assert api.get(f"/api/v1/meetings?organ={organ}&year=2023", headers=h).json() == []


@pytest.mark.parametrize(
    ("change", "status", "code", "words"),
    [
        ({"date": "2024-13-01"}, 422, "invalid", "no es una fecha válida"),
        ({"time": "25:00"}, 422, "invalid", "no es una hora válida"),
        ({"kind": "secreta"}, 422, "invalid", "ordinaria"),
        ({"modality": "telepática"}, 422, "invalid", "presencial"),
        ({"organ": "NOEXISTE"}, 422, "invalid", "NOEXISTE"),
        ({"number": 0}, 422, "invalid", "mayor o igual que 1"),
        ({"number": 4}, 409, "conflict", "Ya existe la sesión"),
    ],
)
def test_invalid_meetings_are_refused(
    api: TestClient, world: World, change: dict[str, Any], status: int, code: str, words: str
) -> None:
    assert words in assert_error(new_meeting(api, world, **change), status, code)["detail"]


def test_an_unknown_meeting_answers_404(api: TestClient, world: World) -> None:
    assert_error(api.get("/api/v1/meetings/999999", headers=world.member.headers), 404, "not_found")


def test_minutes_are_approved_by_a_later_session_once(api: TestClient, world: World) -> None:
    url = f"/api/v1/meetings/{world.meeting.id}/minutes/events"
    h = world.secretariat.headers
    r = api.post(url, json={"event": "approve", "approved_in": world.later_meeting.id}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["minutes"] == {
        "state": "approved",
        "state_label": "Aprobada",
        "approved_in": world.later_meeting.id,
        "version": 2,
    }
    assert r.headers["ETag"] == '"2"'
    again = api.post(
        url, json={"event": "approve", "approved_in": world.later_meeting.id}, headers=h
    )
    body = assert_error(again, 409, "transition_not_allowed")
    assert (body["state"], body["allowed_events"]) == ("approved", [])


def test_minutes_events_check_the_version_and_the_approving_session(
    api: TestClient, world: World
) -> None:
    url = f"/api/v1/meetings/{world.meeting.id}/minutes/events"
    h = world.secretariat.headers
    later = {"event": "approve", "approved_in": world.later_meeting.id}
    assert_error(api.post(url, json=later, headers={**h, "If-Match": '"7"'}), 412, "stale_version")
    assert_error(api.post(url, json={"event": "approve"}, headers=h), 422, "invalid")
    earlier = {"event": "approve", "approved_in": world.meeting.id}
    assert_error(api.post(url, json=earlier, headers=h), 422, "invalid")
    assert_error(api.post(url, json={**later, "extra": 1}, headers=h), 422, "invalid")
    unknown = "/api/v1/meetings/999999/minutes/events"
    assert_error(api.post(unknown, json=later, headers=h), 404, "not_found")
    minutes = api.get(f"/api/v1/meetings/{world.meeting.id}", headers=h).json()["minutes"]
    assert (minutes["state"], minutes["version"]) == ("draft", 1)


# --- agreements: create, detail, list ---------------------------------------------------------


def create_agreement(api: TestClient, world: World, **kw: Any) -> Any:
    body = {"meeting": world.meeting.id, "title": "Presentar el calendario", "areas": ["UTVOE"]}
    return api.post("/api/v1/agreements", json={**body, **kw}, headers=world.secretariat.headers)


def test_an_agreement_is_created_with_its_key_areas_and_an_etag(
    api: TestClient, world: World
) -> None:
    r = create_agreement(api, world, areas=["utvoe", "DEOEYG"], deadline="2099-06-14")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["key"] == f"{world.meeting.organ.code}/4SO/2024/02"
    assert body["areas"] == ["UTVOE", "DEOEYG"]
    assert (body["state"], body["state_label"], body["version"]) == ("approved", "Aprobado", 1)
    assert (body["deadline"], body["overdue"], body["progress"]) == ("2099-06-14", False, 0)
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"/api/v1/agreements/{body['id']}"
    assert body["allowed_events"] == [
        "start",
        "report_fulfillment",
        "reschedule",
        "cancel",
    ]


def test_a_deadline_in_business_days_counts_from_the_day_after_the_meeting(
    api: TestClient, world: World, make: Factory
) -> None:
    thursday = make.meeting(day=date(2024, 5, 2), number=1)
    r = create_agreement(api, world, meeting=thursday.id, deadline_business_days=10)
    assert r.status_code == 201, r.text
    assert r.json()["deadline"] == "2024-05-16"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"deadline": "2024-02-30"}, "«deadline» no es una fecha válida"),
        ({"deadline": "mañana"}, "«deadline» no es una fecha válida"),
        ({"areas": []}, "«areas» no puede estar vacío"),
        ({"areas": ["NOEXISTE"]}, "NOEXISTE"),
        ({"areas": ["UTVOE", "utvoe"]}, "repetida"),
        ({"title": "   "}, "«title» no puede estar vacío"),
        ({"estado": "fulfilled"}, "«estado» no es un campo admitido"),
        ({"deadline": "2024-06-01", "deadline_business_days": 5}, "no ambos"),
        ({"deadline_business_days": 0}, "mayor o igual que 1"),
        ({"relevant": "quizá"}, "«relevant» debe ser true o false"),
        ({"meeting": 999999}, "No existe la sesión con id 999999"),
    ],
)
def test_invalid_agreements_answer_422_in_spanish(
    api: TestClient, world: World, change: dict[str, Any], words: str
) -> None:
    assert words in assert_error(create_agreement(api, world, **change), 422, "invalid")["detail"]


def test_a_duplicate_agreement_key_answers_409(api: TestClient, world: World) -> None:
    r = create_agreement(api, world, key=world.agreement.key)
    body = assert_error(r, 409, "conflict")
    assert world.agreement.key in body["detail"] and body["field"] == "key"


def test_an_unknown_agreement_answers_404_everywhere(api: TestClient, world: World) -> None:
    h = world.secretariat.headers
    url = "/api/v1/agreements/999999"
    assert_error(api.get(url, headers=h), 404, "not_found")
    assert_error(api.patch(url, json={"title": "x"}, headers=h), 404, "not_found")
    assert_error(api.post(url + "/events", json={"event": "start"}, headers=h), 404, "not_found")
    assert_error(api.post(url + "/updates", json={"note": "x"}, headers=h), 404, "not_found")


def test_every_detail_sends_its_version_as_etag(api: TestClient, world: World) -> None:
    h = world.member.headers
    for path, item in (
        ("agreements", world.agreement),
        ("convenios", world.convenio),
        ("activities", world.activity),
    ):
        r = api.get(f"/api/v1/{path}/{item.id}", headers=h)
        assert r.status_code == 200
        assert r.headers["ETag"] == f'"{r.json()["version"]}"'
    r = api.get(f"/api/v1/meetings/{world.meeting.id}", headers=h)
    assert r.headers["ETag"] == f'"{r.json()["minutes"]["version"]}"'


def test_the_detail_shows_history_updates_and_what_the_caller_may_do(
    api: TestClient, world: World
) -> None:
    url = agreement_url(world)
    api.post(url + "/events", json={"event": "start"}, headers=world.own_head.headers)
    api.post(
        url + "/updates",
        json={"note": "Oficio enviado", "progress": 40},
        headers=world.own_head.headers,
    )
    api.post(
        url + "/events",
        json={"event": "report_fulfillment", "note": "Se entregó"},
        headers=world.own_head.headers,
    )
    detail = api.get(url, headers=world.secretariat.headers).json()
    assert [(t["event"], t["from"], t["to"]) for t in detail["transitions"]] == [
        ("start", "approved", "in_progress"),
        ("report_fulfillment", "in_progress", "under_review"),
    ]
    last = detail["transitions"][-1]
    assert (last["by"], last["note"], last["to_label"]) == (
        world.own_head.user.name,
        "Se entregó",
        "En revisión de cumplimiento",
    )
    assert [(u["note"], u["progress"]) for u in detail["updates"]] == [("Oficio enviado", 40)]
    assert detail["progress"] == 40
    assert detail["allowed_events"] == ["confirm", "reject", "cancel"]
    head_view = api.get(url, headers=world.own_head.headers).json()
    assert head_view["allowed_events"] == []


# --- lists: filters and pagination ------------------------------------------------------------
# The app's clock is the real one: 2024 deadlines are past (overdue while open), 2099 ones not.


@pytest.fixture
def many(api: TestClient, world: World, make: Factory) -> dict[str, int]:
    """Six more agreements: overdue, relevant, in other states, of the other area."""
    ids: dict[str, int] = {}
    ids["overdue"] = make.agreement([world.own], deadline=date(2024, 5, 1), title="Vencido").id
    ids["relevant"] = make.agreement(
        [world.other], deadline=None, relevant=True, title="Tema relevante del padrón"
    ).id
    ids["co"] = make.agreement(
        [world.other, world.own], deadline=date(2099, 1, 1), title="Compartido"
    ).id
    done = make.agreement([world.own], deadline=date(2024, 5, 1), title="Cumplido a tiempo").id
    ids["done"] = done
    h = world.secretariat.headers
    api.post(
        f"/api/v1/agreements/{done}/events",
        json={"event": "report_fulfillment", "note": "x"},
        headers=h,
    )
    api.post(f"/api/v1/agreements/{done}/events", json={"event": "confirm"}, headers=h)
    other_meeting = make.meeting(day=date(2024, 3, 1), number=3)
    ids["other_meeting"] = make.agreement(
        [world.own], meeting=other_meeting, deadline=date(2099, 1, 1)
    ).id
    ids["original"] = world.agreement.id
    return ids


def ids_of(api: TestClient, world: World, query: str) -> list[int]:
    r = api.get(f"/api/v1/agreements?{query}", headers=world.member.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] >= len(body["items"])
    return [i["id"] for i in body["items"]]


def test_lists_filter_by_state_area_meeting_overdue_relevant_and_text(
    api: TestClient, world: World, many: dict[str, int]
) -> None:
    assert ids_of(api, world, "state=fulfilled") == [many["done"]]
    assert set(ids_of(api, world, "state=approved,fulfilled")) == set(many.values())
    assert ids_of(api, world, "area=deoeyg") == [many["relevant"], many["co"]]
    assert ids_of(api, world, f"meeting={world.later_meeting.id}") == []
    assert many["other_meeting"] not in ids_of(api, world, f"meeting={world.meeting.id}")
    assert ids_of(api, world, "overdue=true") == [many["original"], many["overdue"]]
    assert many["done"] in ids_of(api, world, "overdue=false")
    assert ids_of(api, world, "relevant=true") == [many["relevant"]]
    assert ids_of(api, world, "q=PADRÓN") == [many["relevant"]] or ids_of(
        api, world, "q=padrón"
    ) == [many["relevant"]]
    organ = world.meeting.organ.code
    assert set(ids_of(api, world, f"organ={organ}")) == set(many.values())
    assert ids_of(api, world, "organ=NOEXISTE") == []


def test_an_overdue_flag_is_derived_from_the_deadline_and_the_state(
    api: TestClient, world: World, many: dict[str, int]
) -> None:
    items = {
        i["id"]: i
        for i in api.get("/api/v1/agreements?limit=100", headers=world.member.headers).json()[
            "items"
        ]
    }
    assert items[many["overdue"]]["overdue"] is True
    assert items[many["done"]]["overdue"] is False, "a fulfilled agreement is never overdue"
    assert items[many["relevant"]]["overdue"] is False, "no deadline, never overdue"


def test_lists_are_paginated_with_the_total(
    api: TestClient, world: World, many: dict[str, int]
) -> None:
    h = world.member.headers
    first = api.get("/api/v1/agreements?limit=2&offset=0", headers=h).json()
    rest = api.get("/api/v1/agreements?limit=10&offset=2", headers=h).json()
    assert (first["total"], first["limit"], first["offset"]) == (6, 2, 0)
    assert len(first["items"]) == 2 and len(rest["items"]) == 4
    assert [i["id"] for i in first["items"] + rest["items"]] == sorted(many.values())
    assert api.get("/api/v1/agreements?offset=50", headers=h).json()["items"] == []


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "offset=-1", "state=vencido", "overdue=quizá", "meeting=x"]
)
def test_invalid_list_parameters_answer_422(api: TestClient, world: World, query: str) -> None:
    assert_error(
        api.get(f"/api/v1/agreements?{query}", headers=world.member.headers), 422, "invalid"
    )


# --- agreements: edit (PATCH) -----------------------------------------------------------------


def test_a_patch_changes_only_what_it_names_and_moves_the_etag(
    api: TestClient, world: World
) -> None:
    h = world.secretariat.headers
    r = api.patch(agreement_url(world), json={"relevant": True}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["relevant"], r.json()["title"], r.headers["ETag"]) == (
        True,
        "Acuerdo de prueba",
        '"2"',
    )
    r = api.patch(agreement_url(world), json={"areas": ["DEOEYG", "UTVOE"]}, headers=h)
    assert r.json()["areas"] == ["DEOEYG", "UTVOE"]
    assert r.headers["ETag"] == '"3"', "changing only the areas is a change of the item"
    r = api.patch(agreement_url(world), json={"title": "Nuevo"}, headers={**h, "If-Match": '"3"'})
    assert r.status_code == 200 and r.json()["title"] == "Nuevo"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"title": None}, "«title» no puede ser null"),
        ({"relevant": None}, "«relevant» no puede ser null"),
        ({"areas": None}, "«areas» no puede ser null"),
        ({"state": "fulfilled"}, "«state» no es un campo admitido"),
        ({"progress": 100}, "«progress» no es un campo admitido"),
        ({"deadline": "2024-07-01"}, "«deadline» no es un campo admitido"),
        ({"title": ""}, "«title» no puede estar vacío"),
        ({"areas": ["NOEXISTE"]}, "NOEXISTE"),
    ],
)
def test_invalid_patches_answer_422_and_change_nothing(
    api: TestClient, world: World, session: Session, body: dict[str, Any], words: str
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.patch(agreement_url(world), json=body, headers=world.secretariat.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_a_patch_with_a_stale_if_match_answers_412_and_changes_nothing(
    api: TestClient, world: World, session: Session
) -> None:
    h = world.secretariat.headers
    api.patch(agreement_url(world), json={"title": "Primera"}, headers=h)
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.patch(agreement_url(world), json={"title": "Segunda"}, headers={**h, "If-Match": '"1"'})
    body = assert_error(r, 412, "stale_version")
    assert body["current_version"] == 2 and "recargue" in body["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


@pytest.mark.parametrize("value", ['"1"', "1", 'W/"1"', "*"])
def test_if_match_accepts_the_etag_as_sent(api: TestClient, world: World, value: str) -> None:
    r = api.patch(
        agreement_url(world),
        json={"title": "Otro"},
        headers={**world.secretariat.headers, "If-Match": value},
    )
    assert r.status_code == 200, r.text


def test_an_if_match_that_is_not_a_version_answers_422(api: TestClient, world: World) -> None:
    r = api.patch(
        agreement_url(world),
        json={"title": "Otro"},
        headers={**world.secretariat.headers, "If-Match": "abc"},
    )
    assert_error(r, 422, "invalid")


# --- agreements: events -----------------------------------------------------------------------


def test_an_event_not_allowed_answers_409_naming_state_and_allowed_events(
    api: TestClient, world: World, session: Session
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "confirm"},
        headers=world.secretariat.headers,
    )
    body = assert_error(r, 409, "transition_not_allowed")
    assert (body["state"], body["state_label"]) == ("approved", "Aprobado")
    assert body["allowed_events"] == ["start", "report_fulfillment", "reschedule", "cancel"]
    assert "Aprobado" in body["detail"] and "start" in body["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_the_allowed_events_in_a_409_are_those_of_the_caller(api: TestClient, world: World) -> None:
    r = api.post(
        agreement_url(world) + "/events", json={"event": "confirm"}, headers=world.own_head.headers
    )
    assert assert_error(r, 403, "forbidden")
    api.post(
        agreement_url(world) + "/events", json={"event": "start"}, headers=world.own_head.headers
    )
    r = api.post(
        agreement_url(world) + "/events", json={"event": "start"}, headers=world.own_head.headers
    )
    assert assert_error(r, 409, "transition_not_allowed")["allowed_events"] == [
        "report_fulfillment"
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"event": "cancel"}, "falta una nota"),
        ({"event": "cancel", "note": "   "}, "falta una nota"),
        ({"event": "reschedule", "note": "Acuerdo 5SO/02"}, "falta el nuevo plazo"),
        ({"event": "reschedule", "note": "x", "deadline": "20/06/2024"}, "no es una fecha válida"),
        ({"event": "start", "motivo": "x"}, "«motivo» no es un campo admitido"),
        ({"event": "terminar"}, "no es un evento de acuerdo"),
        ({"event": ""}, "«event» no puede estar vacío"),
        ({"note": "sin evento"}, "«event» es obligatorio"),
    ],
)
def test_invalid_events_answer_422_in_spanish_and_change_nothing(
    api: TestClient, world: World, session: Session, body: dict[str, Any], words: str
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(agreement_url(world) + "/events", json=body, headers=world.secretariat.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_an_event_with_a_stale_if_match_answers_412_and_changes_nothing(
    api: TestClient, world: World, session: Session
) -> None:
    h = world.secretariat.headers
    api.post(agreement_url(world) + "/events", json={"event": "start"}, headers=h)
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "report_fulfillment", "note": "Listo"},
        headers={**h, "If-Match": '"1"'},
    )
    assert assert_error(r, 412, "stale_version")["current_version"] == 2
    assert snapshot(session, Agreement, world.agreement.id) == before
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "report_fulfillment", "note": "Listo"},
        headers={**h, "If-Match": '"2"'},
    )
    assert r.status_code == 200 and r.headers["ETag"] == '"3"'


def test_rescheduling_moves_the_deadline_and_keeps_the_state(api: TestClient, world: World) -> None:
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "reschedule", "note": "Acuerdo CPVOE/5SO/2024/02", "deadline": "2099-06-28"},
        headers=world.secretariat.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["state"], body["deadline"], body["overdue"]) == ("approved", "2099-06-28", False)
    assert body["transitions"][-1]["data"] == {"deadline": "2099-06-28"}


# --- updates and evidence files ---------------------------------------------------------------


def test_a_json_update_records_progress(api: TestClient, world: World) -> None:
    r = api.post(
        agreement_url(world) + "/updates",
        json={"note": "Avance", "progress": 30, "evidence_url": "https://iecm.mx/oficio.pdf"},
        headers=world.own_head.headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["note"], body["progress"], body["by"]) == ("Avance", 30, world.own_head.user.name)
    assert body["evidence_url"] == "https://iecm.mx/oficio.pdf" and body["file"] is None
    assert api.get(agreement_url(world), headers=world.member.headers).json()["progress"] == 30


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"note": "x", "progress": 101}, "«progress» debe ser menor o igual que 100"),
        ({"note": "x", "progress": -1}, "«progress» debe ser mayor o igual que 0"),
        ({"note": ""}, "«note» no puede estar vacío"),
        ({"note": "  "}, "«note» no puede estar vacío"),
        ({}, "«note» es obligatorio"),
        ({"note": "x", "evidence_url": "ftp://x"}, "«evidence_url» no tiene el formato esperado"),
        ({"note": "x", "autor": "yo"}, "«autor» no es un campo admitido"),
    ],
)
def test_invalid_updates_answer_422_and_change_nothing(
    api: TestClient, world: World, session: Session, body: dict[str, Any], words: str
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(agreement_url(world) + "/updates", json=body, headers=world.own_head.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_a_multipart_update_stores_a_pdf_served_back_to_readers(
    api: TestClient, world: World, settings: Settings
) -> None:
    r = api.post(
        agreement_url(world) + "/updates",
        data={"note": "Oficio de cumplimiento", "progress": "100"},
        files={"file": ("oficio firmado.pdf", PDF, "application/pdf")},
        headers=world.own_head.headers,
    )
    assert r.status_code == 201, r.text
    file = r.json()["file"]
    assert (file["filename"], file["size"]) == ("oficio firmado.pdf", len(PDF))
    got = api.get(file["url"], headers=world.member.headers)
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert "oficio" in got.headers["content-disposition"]
    assert len(list(settings.files_dir.iterdir())) == 1
    assert_error(api.get(file["url"]), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("filename", "content", "words"),
    [
        ("informe.pdf", EXE, "no corresponde a un archivo .pdf"),
        ("programa.exe", EXE, "no es de un tipo admitido"),
        ("vacío.pdf", b"", "está vacío"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_not_kept(
    api: TestClient,
    world: World,
    session: Session,
    settings: Settings,
    filename: str,
    content: bytes,
    words: str,
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(
        agreement_url(world) + "/updates",
        data={"note": "Evidencia"},
        files={"file": (filename, content, "application/pdf")},
        headers=world.own_head.headers,
    )
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before
    assert not settings.files_dir.exists() or list(settings.files_dir.iterdir()) == []
    assert session.scalar(select(EvidenceFile.id)) is None


def test_a_file_over_the_limit_is_refused(
    api: TestClient, world: World, session: Session, settings: Settings
) -> None:
    settings.max_upload_mb = 1
    big = PDF + b"0" * (1024 * 1024)
    r = api.post(
        agreement_url(world) + "/updates",
        data={"note": "Evidencia"},
        files={"file": ("grande.pdf", big, "application/pdf")},
        headers=world.own_head.headers,
    )
    assert "supera el máximo de 1 MB" in assert_error(r, 422, "invalid")["detail"]
    assert list(settings.files_dir.iterdir()) == []
    assert session.scalar(select(EvidenceFile.id)) is None


def test_an_unknown_file_answers_404(api: TestClient, world: World) -> None:
    assert_error(api.get("/api/v1/files/999999", headers=world.member.headers), 404, "not_found")


# --- convenios and activities -----------------------------------------------------------------


def test_a_convenio_goes_from_drafting_to_in_force_and_is_extended(
    api: TestClient, world: World
) -> None:
    h = world.secretariat.headers
    r = api.post(
        "/api/v1/convenios",
        json={
            "title": "Convenio General INE-IECM",
            "kind": "general",
            "counterparts": ["Instituto Nacional Electoral"],
            "areas": ["UTVOE"],
            "object": "Coordinación del proceso electoral",
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    convenio = r.json()
    url = f"/api/v1/convenios/{convenio['id']}"
    assert (convenio["state"], convenio["counterparts"]) == (
        "drafting",
        ["Instituto Nacional Electoral"],
    )
    for name in ("submit_review", "approve"):
        assert api.post(url + "/events", json={"event": name}, headers=h).status_code == 200
    signed = api.post(
        url + "/events",
        json={
            "event": "sign",
            "note": "Firmado",
            "signed_on": "2024-01-15",
            "valid_from": "2024-01-15",
            "valid_until": "2024-12-31",
        },
        headers=h,
    ).json()
    assert (signed["state"], signed["state_label"], signed["valid_until"]) == (
        "in_force",
        "Vigente",
        "2024-12-31",
    )
    r = api.post(
        url + "/events",
        json={"event": "extend", "note": "Adenda", "valid_until": "2024-06-30"},
        headers=h,
    )
    assert "posterior" in assert_error(r, 422, "invalid")["detail"]
    r = api.post(
        url + "/events",
        json={"event": "extend", "note": "Adenda", "valid_until": "2025-06-30"},
        headers=h,
    )
    assert r.json()["valid_until"] == "2025-06-30" and r.json()["state"] == "in_force"
    annex = api.post(
        "/api/v1/convenios",
        json={
            "title": "Anexo técnico",
            "kind": "anexo",
            "counterparts": ["INE"],
            "areas": ["UTVOE"],
            "parent": convenio["id"],
        },
        headers=h,
    ).json()
    assert api.get(url, headers=h).json()["children"] == [annex["id"]]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "secreto"}, "desconocido"),
        ({"kind": "anexo"}, "necesita su convenio padre"),
        ({"counterparts": []}, "«counterparts» no puede estar vacío"),
        ({"counterparts": [" "]}, "al menos una institución"),
        ({"parent": 999999}, "No existe el convenio padre"),
        ({"url": "javascript:alert(1)"}, "«url» no tiene el formato esperado"),
    ],
)
def test_invalid_convenios_answer_422(
    api: TestClient, world: World, change: dict[str, Any], words: str
) -> None:
    body = {"title": "C", "counterparts": ["UNAM"], "areas": ["UTVOE"], **change}
    r = api.post("/api/v1/convenios", json=body, headers=world.secretariat.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]


def test_a_sign_without_validity_answers_422_naming_what_is_missing(
    api: TestClient, world: World
) -> None:
    h = world.secretariat.headers
    url = f"/api/v1/convenios/{world.convenio.id}"
    api.post(url + "/events", json={"event": "submit_review"}, headers=h)
    api.post(url + "/events", json={"event": "approve"}, headers=h)
    r = api.post(url + "/events", json={"event": "sign", "signed_on": "2024-01-15"}, headers=h)
    body = assert_error(r, 422, "invalid")
    assert body["missing"] == ["valid_from", "valid_until"]


def test_activities_of_a_convenio_and_of_a_work_programme(api: TestClient, world: World) -> None:
    h = world.secretariat.headers
    r = api.post(
        "/api/v1/activities",
        json={"convenio": world.convenio.id, "title": "Plan integral", "area": "deoeyg"},
        headers=h,
    )
    assert r.status_code == 201, r.text
    assert (r.json()["area"], r.json()["areas"]) == ("DEOEYG", ["DEOEYG"])
    organ = world.meeting.organ.code
    r = api.post(
        "/api/v1/activities",
        json={"organ": organ, "title": "Programa anual", "area": "UTVOE", "due_date": "2024-12-15"},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["organ"] == organ
    listed = api.get(f"/api/v1/convenios/{world.convenio.id}/activities", headers=h).json()
    assert [a["title"] for a in listed["items"]] == ["Actividad", "Plan integral"]
    assert listed["total"] == 2
    assert (
        api.get(f"/api/v1/activities?convenio={world.convenio.id}", headers=h).json()["total"] == 2
    )
    assert_error(api.get("/api/v1/convenios/999999/activities", headers=h), 404, "not_found")


@pytest.mark.parametrize(
    "change",
    [{}, {"organ": "X"}, {"convenio": 999999}],
    ids=["neither", "both", "unknown-convenio"],
)
def test_an_activity_belongs_to_exactly_one_known_convenio_or_organ(
    api: TestClient, world: World, change: dict[str, Any]
) -> None:
    body: dict[str, Any] = {"title": "Actividad", "area": "UTVOE", **change}
    if "organ" in change:
        body["convenio"] = world.convenio.id
    r = api.post("/api/v1/activities", json=body, headers=world.secretariat.headers)
    assert_error(r, 422, "invalid")


def test_an_activity_is_completed_by_its_area_and_reopened_by_the_secretariat(
    api: TestClient, world: World
) -> None:
    url = f"/api/v1/activities/{world.activity.id}"
    r = api.post(url + "/events", json={"event": "complete"}, headers=world.own_head.headers)
    assert (r.json()["state"], r.json()["progress"]) == ("done", 100)
    r = api.post(url + "/events", json={"event": "reopen"}, headers=world.secretariat.headers)
    assert "nota" in assert_error(r, 422, "invalid")["detail"]
    r = api.post(
        url + "/events",
        json={"event": "reopen", "note": "Faltó"},
        headers=world.secretariat.headers,
    )
    assert r.json()["state"] == "in_progress"


def test_a_patch_of_a_convenio_and_an_activity(api: TestClient, world: World) -> None:
    h = world.secretariat.headers
    r = api.patch(
        f"/api/v1/convenios/{world.convenio.id}",
        json={"counterparts": ["UNAM", "IPN"], "url": None},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["counterparts"], r.json()["version"]) == (["UNAM", "IPN"], 2)
    r = api.patch(
        f"/api/v1/activities/{world.activity.id}",
        json={"due_date": None, "area": "DEOEYG"},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["due_date"], r.json()["area"]) == (None, "DEOEYG")
    r = api.patch(f"/api/v1/activities/{world.activity.id}", json={"area": None}, headers=h)
    assert_error(r, 422, "invalid")


# --- the transaction of a request -------------------------------------------------------------


def test_a_change_whose_commit_fails_is_not_reported_as_done(
    app_context: AppContext, make: Factory
) -> None:
    """The session commits before the response leaves: had it committed after sending the
    answer, the caller would read 201 for an area that was never saved."""
    admin = make.person("admin")

    def refuse_commit(session: Any) -> None:
        raise RuntimeError("the database refused the commit")

    event.listen(app_context.writers, "before_commit", refuse_commit)
    with TestClient(create_app(context=app_context), raise_server_exceptions=False) as client:
        r = client.post("/api/v1/areas", json={"code": "NUEVA", "name": "x"}, headers=admin.headers)
    assert r.status_code == 500


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/agreements/9223372036854775808", None),
        ("POST", "/api/v1/meetings/2147483648/minutes/events", {"event": "approve"}),
        ("GET", "/api/v1/files/99999999999", None),
        ("GET", "/api/v1/agreements?meeting=99999999999", None),
        ("POST", "/api/v1/agreements", {"meeting": 2**40, "title": "x", "areas": ["UTVOE"]}),
    ],
)
def test_an_id_too_large_for_the_database_answers_422_not_500(
    api: TestClient, world: World, method: str, path: str, body: dict[str, Any] | None
) -> None:
    r = api.request(method, path, json=body, headers=world.secretariat.headers)
    assert "menor o igual que 2147483647" in assert_error(r, 422, "invalid")["detail"]
