"""Signing in and out of the pages, the session cookie, CSRF, public pages and error pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.context import AppContext
from tests.api.signin import PASSWORD, csrf_of, person, sign_in
from tests.factories import Factory


def test_anonymous_people_are_sent_to_login(api: TestClient) -> None:
    for path in ("/", "/acuerdos", "/convenios", "/sesiones", "/notificaciones", "/acuerdos/1"):
        r = api.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next=" + path.split("?")[0])


def test_login_sets_an_httponly_lax_cookie_and_returns_to_the_page(
    api: TestClient, make: Factory
) -> None:
    member = person(make, "member")
    token = csrf_of(api.get("/login?next=/convenios").text)
    r = api.post(
        "/login",
        data={
            "email": member.user.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/convenios",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/convenios"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    page = api.get("/")
    assert page.status_code == 200 and member.user.name in page.text


def test_cookie_is_secure_behind_https(app_context: AppContext, make: Factory) -> None:
    member = person(make, "member")
    app_context.settings = app_context.settings.model_copy(
        update={"base_url": "https://seguimiento.example"}
    )
    with TestClient(create_app(context=app_context), base_url="https://testserver") as client:
        token = csrf_of(client.get("/login").text)
        r = client.post(
            "/login",
            data={"email": member.user.email, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
    assert "secure" in r.headers["set-cookie"].lower()


def test_wrong_password_keeps_the_email_and_says_why(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    token = csrf_of(api.get("/login").text)
    r = api.post(
        "/login",
        data={"email": member.user.email, "password": "otra", "csrf_token": token},
    )
    assert r.status_code == 401
    assert "Correo o contraseña incorrectos" in r.text and member.user.email in r.text
    assert api.get("/", follow_redirects=False).status_code == 303


def test_login_without_csrf_token_is_refused(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    api.get("/login")
    r = api.post("/login", data={"email": member.user.email, "password": PASSWORD})
    assert r.status_code == 403 and "text/html" in r.headers["content-type"]
    assert api.get("/", follow_redirects=False).status_code == 303


def test_login_only_returns_to_pages_of_this_site(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    token = csrf_of(api.get("/login").text)
    r = api.post(
        "/login",
        data={
            "email": member.user.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_logout_is_a_post_with_csrf(api: TestClient, make: Factory) -> None:
    token = sign_in(api, person(make, "member"))
    assert api.post("/logout", data={}).status_code == 403
    assert api.get("/", follow_redirects=False).status_code == 200
    r = api.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert api.get("/", follow_redirects=False).status_code == 303


def test_a_deactivated_account_is_signed_out(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    sign_in(api, member)
    member.user.active = False
    make.session.flush()
    assert api.get("/", follow_redirects=False).status_code == 303


@pytest.fixture
def public(app_context: AppContext) -> Iterator[TestClient]:
    app_context.settings = app_context.settings.model_copy(update={"public_pages": True})
    with TestClient(create_app(context=app_context), base_url="http://seguimiento.test") as c:
        yield c


def test_public_pages_are_read_only(public: TestClient, make: Factory) -> None:
    area = make.area()
    agreement = make.agreement([area], title="Acuerdo público")
    convenio = make.convenio([area], title="Convenio público")
    for path in ("/", "/acuerdos", "/convenios", f"/convenios/{convenio.id}"):
        assert public.get(path).status_code == 200, path
    detail = public.get(f"/acuerdos/{agreement.id}")
    assert detail.status_code == 200 and "Acuerdo público" in detail.text
    assert "/eventos" not in detail.text and "/avances" not in detail.text
    for path in ("/sesiones", "/notificaciones"):
        assert public.get(path, follow_redirects=False).status_code == 303, path
    token = csrf_of(public.get("/login").text)
    r = public.post(
        f"/acuerdos/{agreement.id}/eventos",
        data={"csrf_token": token, "event": "start"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    make.session.refresh(agreement)
    assert agreement.state == "approved"


def test_page_errors_are_pages_and_api_errors_stay_json(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    sign_in(api, member)
    page = api.get("/acuerdos/999999")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "No existe" in page.text
    assert api.get("/no-existe").headers["content-type"].startswith("text/html")
    r = api.get("/api/v1/agreements/999999", headers=member.headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert api.get("/api/v1/agreements").status_code == 401


def test_an_error_page_shows_who_is_signed_in_and_their_menu(
    api: TestClient, make: Factory
) -> None:
    secretariat = person(make, "secretariat")
    anonymous = api.get("/no-existe")
    assert anonymous.status_code == 404 and "Iniciar sesión" in anonymous.text
    assert secretariat.user.name not in anonymous.text
    sign_in(api, secretariat)
    for path in ("/no-existe", "/acuerdos/999999", "/sesiones/999999/editar"):
        page = api.get(path)
        assert page.status_code == 404, path
        assert secretariat.user.name in page.text and "Cerrar sesión" in page.text, path
        assert 'href="/mi-cuenta"' in page.text and 'href="/importar"' in page.text, path
        assert "Iniciar sesión" not in page.text, path


def test_pages_send_a_content_security_policy(api: TestClient, make: Factory) -> None:
    sign_in(api, person(make, "member"))
    r = api.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
