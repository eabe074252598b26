"""The system routes (health, docs, workflows), sign-in and tokens, and the transaction of a
request, through the whole app (no mocks)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.app import create_app
from api.context import AppContext
from api.version import installed_version
from tests.api.core_world import World, agreement_url, assert_error
from tests.factories import Factory

# --- system -----------------------------------------------------------------------------------


def test_health_and_readiness_answer_without_credentials(api: TestClient) -> None:
    assert api.get("/healthz").json() == {"status": "ok", "version": installed_version()}
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
