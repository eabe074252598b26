"""The directory routes of SPEC §4: organs, areas and users, with their error codes."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.core_world import World, agreement_url, assert_error

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
        ({"code": "CON ESPACIO", "name": "x"}, "«code» solo admite letras, números"),
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
