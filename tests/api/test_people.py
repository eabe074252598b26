"""The people and token routes of SPEC §4: `PATCH /users/{id}`, `/organs/{code}`,
`/areas/{code}`, and the caller's own `/me/tokens`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.api.core_world import World, assert_error
from workflow.models import ApiToken, Area, User

# --- people --------------------------------------------------------------------------------------


def test_admin_moves_a_person_to_another_area_and_it_takes_effect_at_once(
    api: TestClient, world: World
) -> None:
    url = f"/api/v1/users/{world.other_head.user.id}"
    r = api.patch(url, json={"area": "utvoe", "name": "Jefa UTVOE"}, headers=world.admin.headers)
    assert r.status_code == 200, r.text
    assert (r.json()["area"], r.json()["name"], r.json()["active"]) == ("UTVOE", "Jefa UTVOE", True)
    started = api.post(
        f"/api/v1/agreements/{world.agreement.id}/events",
        json={"event": "start"},
        headers=world.other_head.headers,
    )
    assert started.status_code == 200, started.text


def test_deactivating_a_person_revokes_their_tokens_and_answers_the_person(
    api: TestClient, world: World, session: Session
) -> None:
    mine = api.post(
        "/api/v1/me/tokens", json={"label": "script"}, headers=world.member.headers
    ).json()
    url = f"/api/v1/users/{world.member.user.id}"
    r = api.patch(url, json={"active": False}, headers=world.admin.headers)
    assert r.status_code == 200 and r.json()["active"] is False
    for token in (world.member.token, mine["token"]):
        gone = api.get("/api/v1/agreements", headers={"Authorization": f"Bearer {token}"})
        assert_error(gone, 401, "not_authenticated")
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == world.member.user.id))
    assert all(row.revoked_at is not None for row in rows)
    back = api.patch(url, json={"active": True}, headers=world.admin.headers)
    assert back.status_code == 200 and back.json()["active"] is True
    still = api.get("/api/v1/agreements", headers=world.member.headers)
    assert_error(still, 401, "not_authenticated")


@pytest.mark.parametrize(
    ("body", "status", "code", "words"),
    [
        ({"role": "jefe"}, 422, "invalid", "Rol «jefe» desconocido"),
        ({"role": "area", "area": None}, 422, "invalid", "necesita un área"),
        ({"area": "NOEXISTE"}, 422, "invalid", "No existe el área NOEXISTE"),
        ({"active": "no"}, 422, "invalid", "«active» debe ser true o false"),
        ({"active": None}, 422, "invalid", "«active» debe ser true o false"),
        ({"name": ""}, 422, "invalid", "«name» no puede estar vacío"),
        (
            {"name": "Dos\nlíneas"},
            422,
            "invalid",
            "«name» no puede contener saltos de línea ni caracteres de control",
        ),
        ({"email": "josé@iecm.mx"}, 422, "invalid", "no es una dirección"),
        ({"password": "otra-clave"}, 422, "invalid", "«password» no es un campo admitido"),
        ({"area": "X" * 33}, 422, "invalid", "«area» es demasiado largo"),
    ],
)
def test_a_refused_person_edit_says_why_and_changes_nothing(
    api: TestClient,
    world: World,
    session: Session,
    body: dict[str, Any],
    status: int,
    code: str,
    words: str,
) -> None:
    user = world.own_head.user
    before = (user.name, user.email, user.role, user.area_id, user.active)
    r = api.patch(f"/api/v1/users/{user.id}", json=body, headers=world.admin.headers)
    assert words in assert_error(r, status, code)["detail"]
    session.refresh(user)
    assert (user.name, user.email, user.role, user.area_id, user.active) == before


def test_changing_to_an_email_in_use_answers_409(api: TestClient, world: World) -> None:
    r = api.patch(
        f"/api/v1/users/{world.member.user.id}",
        json={"email": world.secretariat.user.email.upper()},
        headers=world.admin.headers,
    )
    assert assert_error(r, 409, "conflict")["field"] == "email"


def test_the_last_admin_cannot_lock_everyone_out(api: TestClient, world: World) -> None:
    url = f"/api/v1/users/{world.admin.user.id}"
    r = api.patch(url, json={"active": False}, headers=world.admin.headers)
    assert "última persona administradora" in assert_error(r, 409, "conflict")["detail"]
    assert api.get("/api/v1/users", headers=world.admin.headers).status_code == 200


@pytest.mark.parametrize("user_id", ["0", "2147483648", "abc", "999999"])
def test_an_impossible_or_unknown_person_id_is_a_4xx(
    api: TestClient, world: World, user_id: str
) -> None:
    r = api.patch(f"/api/v1/users/{user_id}", json={"name": "x"}, headers=world.admin.headers)
    assert r.status_code == (404 if user_id == "999999" else 422), r.text


@pytest.mark.parametrize(
    ("email", "stored"),
    [
        ("Nueva.Persona@IECM.mx", "nueva.persona@iecm.mx"),
        ("buzon@Bücher.de", "buzon@xn--bcher-kva.de"),
    ],
)
def test_a_new_persons_email_is_stored_normalised(
    api: TestClient, world: World, email: str, stored: str
) -> None:
    r = api.post(
        "/api/v1/users",
        json={"email": email, "name": "Nueva", "role": "member"},
        headers=world.admin.headers,
    )
    assert r.status_code == 201, r.text
    assert r.json()["email"] == stored


@pytest.mark.parametrize(
    "email",
    [
        "josé@iecm.mx",
        '"juan perez"@iecm.mx',
        "Juan Pérez <juan@iecm.mx>",
        "juan@iecm.mx\nBcc: todos@iecm.mx",
        "a" * 64 + "@" + "b" * 62 + "." + "c" * 62 + "." + "d" * 61 + ".mx",
        "x" * 400 + "@iecm.mx",
    ],
    ids=["non-ascii", "quoted", "display-name", "header-injection", "over-254", "over-320"],
)
def test_an_email_the_smtp_server_cannot_take_answers_422_in_spanish(
    api: TestClient, world: World, session: Session, email: str
) -> None:
    r = api.post(
        "/api/v1/users",
        json={"email": email, "name": "Nueva", "role": "member"},
        headers=world.admin.headers,
    )
    body = assert_error(r, 422, "invalid")
    assert "correo" in body["detail"] or "«email»" in body["detail"]
    assert session.scalar(select(User.id).where(User.name == "Nueva")) is None


# --- organs and areas ----------------------------------------------------------------------------

WEBHOOK = "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke"


@pytest.mark.parametrize("kind", ["areas", "organs"])
def test_admin_sets_a_teams_webhook_whose_signature_is_never_shown(
    api: TestClient, world: World, kind: str
) -> None:
    code = "UTVOE" if kind == "areas" else world.meeting.organ.code
    url = f"/api/v1/{kind}/{code.lower()}"
    r = api.patch(
        url,
        json={"name": "Nuevo nombre", "teams_webhook_url": WEBHOOK + "?sig=s3cr3t"},
        headers=world.admin.headers,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["teams_webhook"]) == ("Nuevo nombre", WEBHOOK)
    listed = api.get(f"/api/v1/{kind}", headers=world.member.headers)
    assert "s3cr3t" not in listed.text and WEBHOOK in listed.text
    cleared = api.patch(url, json={"teams_webhook_url": None}, headers=world.admin.headers)
    assert (cleared.json()["name"], cleared.json()["teams_webhook"]) == ("Nuevo nombre", None)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"teams_webhook_url": "http://prod.logic.azure.com/x"}, "https://"),
        ({"teams_webhook_url": "https://a:b@prod.logic.azure.com/x"}, "https://"),
        ({"teams_webhook_url": "https://x.mx/" + "a" * 1000}, "«teams_webhook_url» es demasiado"),
        ({"name": ""}, "«name» no puede estar vacío"),
        (
            {"name": "Nombre\x00"},
            "«name» no puede contener saltos de línea ni caracteres de control",
        ),
        ({"code": "OTRO"}, "«code» no es un campo admitido"),
    ],
)
def test_a_refused_area_edit_says_why_and_changes_nothing(
    api: TestClient, world: World, session: Session, body: dict[str, Any], words: str
) -> None:
    r = api.patch("/api/v1/areas/UTVOE", json=body, headers=world.admin.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]
    area = session.scalar(select(Area).where(Area.code == "UTVOE"))
    assert area is not None
    session.refresh(area)
    assert (area.name, area.teams_webhook_url) == ("Área de prueba", None)


def test_an_unknown_code_is_404(api: TestClient, world: World) -> None:
    for path in ("/api/v1/areas/NOEXISTE", "/api/v1/organs/NOEXISTE"):
        assert_error(
            api.patch(path, json={"name": "x"}, headers=world.admin.headers), 404, "not_found"
        )
    r = api.patch("/api/v1/areas/" + "X" * 40, json={"name": "x"}, headers=world.admin.headers)
    assert_error(r, 422, "invalid")


# --- personal tokens -----------------------------------------------------------------------------


def test_a_person_creates_lists_and_revokes_their_own_tokens(api: TestClient, world: World) -> None:
    h = world.member.headers
    in_a_month = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    created = api.post(
        "/api/v1/me/tokens", json={"label": "Informe semanal", "expires_at": in_a_month}, headers=h
    )
    assert created.status_code == 201, created.text
    token = created.json()
    assert token["token"].startswith("sgt_") and token["label"] == "Informe semanal"
    assert (
        token["expires_at"].startswith(
            (datetime.fromisoformat(in_a_month) + timedelta(days=1)).date().isoformat()
        )
        and token["revoked"] is False
    )
    new = {"Authorization": f"Bearer {token['token']}"}
    assert api.get("/api/v1/agreements", headers=new).status_code == 200

    listed = api.get("/api/v1/me/tokens", headers=h)
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 2 and body["items"][0]["label"] == "Informe semanal"
    assert token["token"] not in listed.text and "digest" not in listed.text
    assert set(body["items"][0]) == {
        "id",
        "label",
        "created_at",
        "expires_at",
        "revoked_at",
        "revoked",
        "expired",
    }

    assert api.delete(f"/api/v1/me/tokens/{token['id']}", headers=h).status_code == 204
    assert_error(api.get("/api/v1/agreements", headers=new), 401, "not_authenticated")
    again = api.get("/api/v1/me/tokens", headers=h).json()["items"]
    assert next(t for t in again if t["id"] == token["id"])["revoked"] is True
    assert api.delete(f"/api/v1/me/tokens/{token['id']}", headers=h).status_code == 204
    assert api.get("/api/v1/agreements", headers=h).status_code == 200


def test_nobody_sees_or_revokes_another_persons_tokens(
    api: TestClient, world: World, session: Session
) -> None:
    admins = session.scalar(select(ApiToken).where(ApiToken.user_id == world.admin.user.id))
    assert admins is not None
    for person in (world.member, world.secretariat, world.own_head):
        r = api.delete(f"/api/v1/me/tokens/{admins.id}", headers=person.headers)
        assert_error(r, 404, "not_found")
        ids = [
            t["id"] for t in api.get("/api/v1/me/tokens", headers=person.headers).json()["items"]
        ]
        assert admins.id not in ids
    assert api.get("/api/v1/users", headers=world.admin.headers).status_code == 200


def test_an_expired_token_answers_401(api: TestClient, world: World, session: Session) -> None:
    h = world.member.headers
    row = session.scalar(select(ApiToken).where(ApiToken.user_id == world.member.user.id))
    assert row is not None
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    session.flush()
    r = assert_error(api.get("/api/v1/agreements", headers=h), 401, "not_authenticated")
    assert "caducó" in r["detail"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"label": "x", "expires_at": "2020-01-01"}, "ya pasó"),
        ({"label": "x", "expires_at": "2099-01-01"}, "dos años"),
        ({"label": "x", "expires_at": "9999-12-31T23:59:59-12:00"}, "dos años"),
        ({"label": "x", "expires_at": "mañana"}, "«expires_at»"),
        ({"label": ""}, "«label» no puede estar vacío"),
        ({"label": "a\x00b"}, "«label» no puede contener saltos de línea ni caracteres de control"),
        ({"label": "x" * 101}, "«label» es demasiado largo"),
        ({}, "«label» es obligatorio"),
        ({"label": "x", "user_id": 1}, "«user_id» no es un campo admitido"),
    ],
)
def test_a_refused_token_request_says_why_and_creates_nothing(
    api: TestClient, world: World, body: dict[str, Any], words: str
) -> None:
    h = world.member.headers
    before = api.get("/api/v1/me/tokens", headers=h).json()["total"]
    r = api.post("/api/v1/me/tokens", json=body, headers=h)
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert api.get("/api/v1/me/tokens", headers=h).json()["total"] == before


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "offset=99999999999"])
def test_token_list_paging_is_bounded(api: TestClient, world: World, query: str) -> None:
    r = api.get(f"/api/v1/me/tokens?{query}", headers=world.member.headers)
    assert_error(r, 422, "invalid")


def test_a_reactivated_persons_old_calendar_address_stays_dead(
    api: TestClient, world: World
) -> None:
    feed = api.post("/api/v1/me/calendar-feed", headers=world.member.headers).json()["url"]
    path = "/" + feed.split("/", 3)[3]
    assert api.get(path).status_code == 200
    url = f"/api/v1/users/{world.member.user.id}"
    assert api.patch(url, json={"active": False}, headers=world.admin.headers).status_code == 200
    assert api.get(path).status_code == 404
    assert api.patch(url, json={"active": True}, headers=world.admin.headers).status_code == 200
    assert api.get(path).status_code == 404


def test_a_new_password_revokes_the_tokens_signed_in_with_the_old_one(
    api: TestClient, world: World, session: Session
) -> None:
    from workflow.directory import people

    person = world.member
    people.set_password(
        session=session, actor=world.admin.actor, user_id=person.user.id, password="la-primera-1"
    )
    signed_in = api.post(
        "/api/v1/auth/token", data={"username": person.user.email, "password": "la-primera-1"}
    ).json()["access_token"]
    script = api.post("/api/v1/me/tokens", json={"label": "script"}, headers=person.headers)
    people.set_password(
        session=session, actor=world.admin.actor, user_id=person.user.id, password="la-segunda-2"
    )
    stolen = api.get("/api/v1/agreements", headers={"Authorization": f"Bearer {signed_in}"})
    assert_error(stolen, 401, "not_authenticated")
    kept = {"Authorization": f"Bearer {script.json()['token']}"}
    assert api.get("/api/v1/agreements", headers=kept).status_code == 200
