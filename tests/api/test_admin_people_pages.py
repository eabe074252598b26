"""`/admin/personas` and `/invitacion/{secret}`: only admins, CSRF on every form, a refused form
shown again with its message and nothing saved, invitation links that work once and expire."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from tests.api.signin import PASSWORD, csrf_of, person, sign_in
from tests.factories import Factory
from workflow.models import ApiToken, Delivery, Invitation, User, WebSession

LINK = re.compile(r'value="(http://seguimiento\.test/invitacion/(inv_[^"]+))"')


def users(make: Factory) -> int:
    return make.session.scalar(select(func.count()).select_from(User)) or 0


@pytest.mark.parametrize("role", ["area", "member", "secretariat"])
@pytest.mark.parametrize("path", ["/admin", "/admin/personas", "/admin/personas/1"])
def test_only_admins_open_the_admin_pages(
    api: TestClient, make: Factory, role: str, path: str
) -> None:
    area = make.area() if role == "area" else None
    sign_in(api, person(make, role, area))
    r = api.get(path)
    assert r.status_code == 403
    assert "No tiene permiso" in r.text


def test_an_area_head_cannot_create_or_deactivate_people(api: TestClient, make: Factory) -> None:
    area = make.area()
    victim = person(make, "member")
    token = sign_in(api, person(make, "area", area))
    before = users(make)
    r = api.post(
        "/admin/personas",
        data={"csrf_token": token, "name": "X", "email": "x@prueba.mx", "role": "admin"},
    )
    assert r.status_code == 403
    r = api.post(f"/admin/personas/{victim.user.id}/activa", data={"csrf_token": token})
    assert r.status_code == 403
    make.session.refresh(victim.user)
    assert victim.user.active and users(make) == before


def test_anonymous_people_are_sent_to_sign_in(api: TestClient) -> None:
    r = api.get("/admin/personas", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_admin_lists_people_with_role_area_and_state(api: TestClient, make: Factory) -> None:
    area = make.area()
    head = person(make, "area", area)
    sign_in(api, person(make, "admin"))
    page = api.get("/admin/personas")
    assert page.status_code == 200
    assert head.user.email in page.text and area.code in page.text
    assert "Titular o enlace de área" in page.text and "Activa" in page.text


def test_forms_without_the_csrf_token_change_nothing(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    sign_in(api, person(make, "admin"))
    before = users(make)
    r = api.post(
        "/admin/personas",
        data={"name": "Nueva", "email": "nueva@prueba.mx", "role": "member"},
    )
    assert r.status_code == 403
    r = api.post(
        f"/admin/personas/{member.user.id}/activa",
        data={"active": "0", "csrf_token": "otro"},
    )
    assert r.status_code == 403
    make.session.refresh(member.user)
    assert member.user.active and users(make) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@prueba.mx", "role": "member"}, "Nombre"),
        ({"name": "Ana", "email": "no-es-correo", "role": "member"}, "correo"),
        ({"name": "Ana", "email": "a@prueba.mx", "role": "jefa"}, "Rol «jefa» desconocido"),
        ({"name": "Ana", "email": "a@prueba.mx", "role": "area"}, "necesita un área"),
        (
            {"name": "Ana", "email": "a@prueba.mx", "role": "member", "password": "corta"},
            "demasiado corta",
        ),
        (
            {
                "name": "Ana",
                "email": "a@prueba.mx",
                "role": "member",
                "password": "una-clave-larga",
                "repeated": "otra-clave-larga",
            },
            "no coinciden",
        ),
    ],
)
def test_a_refused_new_person_shows_the_form_again_and_saves_nothing(
    api: TestClient, make: Factory, data: dict[str, str], message: str
) -> None:
    token = sign_in(api, person(make, "admin"))
    before = users(make)
    r = api.post("/admin/personas", data={"csrf_token": token, **data})
    assert r.status_code in (409, 422)
    assert message in r.text
    assert 'role="alert"' in r.text and "Dar de alta" in r.text
    if data["name"]:
        assert f'value="{data["name"]}"' in r.text  # what was typed is kept
    assert users(make) == before
    assert make.session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_a_taken_email_is_refused_in_the_form(api: TestClient, make: Factory) -> None:
    other = person(make, "member")
    token = sign_in(api, person(make, "admin"))
    r = api.post(
        "/admin/personas",
        data={"csrf_token": token, "name": "Otra", "email": other.user.email, "role": "member"},
    )
    assert r.status_code == 409 and "Ya existe una persona" in r.text


def test_admin_creates_a_person_with_a_password_who_signs_in(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    token = sign_in(api, person(make, "admin"))
    r = api.post(
        "/admin/personas",
        data={
            "csrf_token": token,
            "name": "Lucía Gómez",
            "email": "Lucia@Prueba.mx",
            "role": "area",
            "area": area.code,
            "password": PASSWORD,
            "repeated": PASSWORD,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    user = make.session.scalar(select(User).where(User.email == "lucia@prueba.mx"))
    assert user is not None and user.area_id == area.id and user.password_hash
    assert "Se dio de alta a Lucía Gómez" in api.get("/admin/personas").text


def invite(api: TestClient, make: Factory, token: str, email: str = "ana@prueba.mx") -> str:
    r = api.post(
        "/admin/personas",
        data={"csrf_token": token, "name": "Ana Pérez", "email": email, "role": "member"},
    )
    assert r.status_code == 200, r.text
    found = LINK.search(r.text)
    assert found, "the link is shown to the admin"
    return found.group(2)


def test_an_invitation_is_mailed_through_the_outbox_and_shown_to_the_admin(
    api: TestClient, make: Factory
) -> None:
    token = sign_in(api, person(make, "admin"))
    secret = invite(api, make, token)
    mail = make.session.scalar(select(Delivery).where(Delivery.kind == "invitation"))
    assert mail is not None and mail.address == "ana@prueba.mx" and mail.status == "pending"
    assert f"/invitacion/{secret}" in mail.body_text
    stored = make.session.scalars(select(Invitation.digest)).all()
    assert secret not in stored and len(stored) == 1  # only a digest is kept


def test_an_invitation_link_sets_the_password_once(api: TestClient, make: Factory) -> None:
    token = sign_in(api, person(make, "admin"))
    secret = invite(api, make, token)
    api.cookies.clear()  # the invited person, in another browser
    form = api.get(f"/invitacion/{secret}")
    assert form.status_code == 200 and "Elija su contraseña" in form.text
    csrf = csrf_of(form.text)
    short = api.post(
        f"/invitacion/{secret}", data={"csrf_token": csrf, "password": "x", "repeated": "x"}
    )
    assert short.status_code == 422 and "demasiado corta" in short.text
    r = api.post(
        f"/invitacion/{secret}",
        data={"csrf_token": csrf, "password": "mi-clave-nueva", "repeated": "mi-clave-nueva"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert "Ana Pérez" in api.get("/").text  # signed in
    again = api.get(f"/invitacion/{secret}")
    assert again.status_code == 404 and "ya se usó" in again.text
    api.cookies.clear()
    login = csrf_of(api.get("/login").text)
    signed = api.post(
        "/login",
        data={"email": "ana@prueba.mx", "password": "mi-clave-nueva", "csrf_token": login},
        follow_redirects=False,
    )
    assert signed.status_code == 303


def test_an_expired_or_replaced_invitation_link_opens_nothing(
    api: TestClient, make: Factory
) -> None:
    token = sign_in(api, person(make, "admin"))
    first = invite(api, make, token)
    user = make.session.scalar(select(User).where(User.email == "ana@prueba.mx"))
    assert user is not None
    reset = api.post(f"/admin/personas/{user.id}/enlace", data={"csrf_token": token})
    assert reset.status_code == 200 and "restablecer" in reset.text
    found = LINK.search(reset.text)
    assert found
    second = found.group(2)
    assert api.get(f"/invitacion/{first}").status_code == 404  # replaced
    assert api.get(f"/invitacion/{second}").status_code == 200
    make.session.execute(
        update(Invitation)
        .where(Invitation.ended_at.is_(None))
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    make.session.flush()
    csrf = csrf_of(api.get("/login").text)
    r = api.post(
        f"/invitacion/{second}",
        data={"csrf_token": csrf, "password": "mi-clave-nueva", "repeated": "mi-clave-nueva"},
    )
    assert r.status_code == 404 and "caducó" in r.text
    make.session.refresh(user)
    assert user.password_hash is None
    assert api.get("/invitacion/inv_nada").status_code == 404
    assert api.get("/invitacion/" + "x" * 150).status_code == 404


def test_admin_changes_role_and_area_and_a_refused_edit_saves_nothing(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    member = person(make, "member")
    token = sign_in(api, person(make, "admin"))
    url = f"/admin/personas/{member.user.id}"
    base = {"csrf_token": token, "name": "Persona", "email": member.user.email}
    refused = api.post(url, data={**base, "role": "area", "area": ""})
    assert refused.status_code == 422 and "necesita un área" in refused.text
    make.session.refresh(member.user)
    assert member.user.role == "member"
    r = api.post(url, data={**base, "role": "area", "area": area.code}, follow_redirects=False)
    assert r.status_code == 303
    make.session.refresh(member.user)
    assert (member.user.role, member.user.area_id) == ("area", area.id)


def test_deactivating_in_the_page_ends_sessions_and_tokens_at_once(
    api: TestClient, make: Factory
) -> None:
    member = person(make, "member")
    other = TestClient(api.app, base_url="http://seguimiento.test")
    sign_in(other, member)
    assert other.get("/mi-cuenta").status_code == 200
    token = sign_in(api, person(make, "admin"))
    r = api.post(
        f"/admin/personas/{member.user.id}/activa",
        data={"csrf_token": token, "active": "0"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    gone = other.get("/mi-cuenta", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    assert api.get("/api/v1/me/tokens", headers=member.headers).status_code == 401
    open_sessions = select(func.count()).where(
        WebSession.user_id == member.user.id, WebSession.ended_at.is_(None)
    )
    assert make.session.scalar(open_sessions) == 0
    live = select(func.count()).where(
        ApiToken.user_id == member.user.id, ApiToken.revoked_at.is_(None)
    )
    assert make.session.scalar(live) == 0
    back = api.post(
        f"/admin/personas/{member.user.id}/activa",
        data={"csrf_token": token, "active": "1"},
        follow_redirects=False,
    )
    assert back.status_code == 303
    make.session.refresh(member.user)
    assert member.user.active


def test_the_last_admin_cannot_deactivate_themself(api: TestClient, make: Factory) -> None:
    admin = person(make, "admin")
    token = sign_in(api, admin)
    others = make.session.scalars(
        select(User).where(User.role == "admin", User.id != admin.user.id)
    ).all()
    for other in others:
        other.active = False
    make.session.flush()
    r = api.post(
        f"/admin/personas/{admin.user.id}/activa", data={"csrf_token": token, "active": "0"}
    )
    assert r.status_code == 409 and "última persona administradora" in r.text
    make.session.refresh(admin.user)
    assert admin.user.active


@pytest.mark.parametrize(
    "data",
    [
        {"name": "A\x00B", "email": "a@prueba.mx", "role": "member"},
        {"name": "Ana", "email": "a\x00@prueba.mx", "role": "member"},
        {"name": "Ana", "email": "a@prueba.mx", "role": "x" * 5000},
        {"name": "Ana", "email": "a@prueba.mx", "role": "member", "area": "\x00" * 40},
        {"name": "Ana", "email": "a@prueba.mx", "role": "member", "password": "\x00" * 300},
    ],
)
def test_hostile_input_gets_a_readable_refusal_not_a_500(
    api: TestClient, make: Factory, data: dict[str, str]
) -> None:
    member = person(make, "member")
    token = sign_in(api, person(make, "admin"))
    before = users(make)
    created = api.post("/admin/personas", data={"csrf_token": token, **data})
    edited = api.post(f"/admin/personas/{member.user.id}", data={"csrf_token": token, **data})
    assert 400 <= created.status_code < 500 and 'role="alert"' in created.text
    assert users(make) == before
    if "password" in data:  # the edit form has no password: the rest of it is fine
        assert edited.status_code == 200
    else:
        assert 400 <= edited.status_code < 500 and 'role="alert"' in edited.text
    assert api.get(f"/admin/personas/{10**12}").status_code in (404, 422)


def test_the_api_gives_admins_the_same_invitation_link(api: TestClient, make: Factory) -> None:
    member = make.person("member")
    admin = make.person("admin")
    url = f"/api/v1/users/{member.user.id}/invitation"
    assert api.post(url, headers=member.headers).status_code == 403
    r = api.post(url, headers=admin.headers)
    assert r.status_code == 201, r.text
    link = r.json()["url"]
    assert link.startswith("http://seguimiento.test/invitacion/inv_")
    assert api.get(link.removeprefix("http://seguimiento.test")).status_code == 200
    assert api.post("/api/v1/users/999999/invitation", headers=admin.headers).status_code == 404
