"""`/mi-cuenta`: a person's own password, notification channels, calendar feed address and API
tokens; CSRF on every form, refused forms shown again with nothing saved."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from notifications import preferences
from tests.api.signin import PASSWORD, csrf_of, person, sign_in
from tests.factories import Factory
from workflow.models import ApiToken, CalendarFeed

FEED = re.compile(r'value="http://seguimiento\.test(/calendario/cal_[^"]+\.ics)"')
TOKEN = re.compile(r'value="(sgt_[^"]+)"')


def test_anonymous_people_are_sent_to_sign_in(api: TestClient) -> None:
    r = api.get("/mi-cuenta", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_every_account_form_needs_the_csrf_token(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    sign_in(api, member)
    for path in ("/mi-cuenta/contrasena", "/mi-cuenta/calendario", "/mi-cuenta/tokens"):
        assert api.post(path, data={"label": "x"}).status_code == 403, path
    feeds = select(func.count()).select_from(CalendarFeed)
    assert make.session.scalar(feeds) == 0


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    api: TestClient, make: Factory
) -> None:
    member = person(make, "member")
    other = TestClient(api.app, base_url="http://seguimiento.test")
    sign_in(other, member)
    token = sign_in(api, member)
    hash_before = member.user.password_hash
    wrong = api.post(
        "/mi-cuenta/contrasena",
        data={"csrf_token": token, "current": "no-es", "password": "x" * 10, "repeated": "x" * 10},
    )
    assert wrong.status_code == 422 and "contraseña actual no es correcta" in wrong.text
    mismatch = api.post(
        "/mi-cuenta/contrasena",
        data={"csrf_token": token, "current": PASSWORD, "password": "a" * 10, "repeated": "b"},
    )
    assert mismatch.status_code == 422 and "no coinciden" in mismatch.text
    make.session.refresh(member.user)
    assert member.user.password_hash == hash_before
    assert other.get("/mi-cuenta").status_code == 200
    r = api.post(
        "/mi-cuenta/contrasena",
        data={
            "csrf_token": token,
            "current": PASSWORD,
            "password": "clave-nueva-1",
            "repeated": "clave-nueva-1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "Se cambió su contraseña" in api.get("/mi-cuenta").text  # this browser goes on
    gone = other.get("/mi-cuenta", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")


def test_channels_and_kinds_are_saved_from_the_checkboxes(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    token = sign_in(api, member)
    page = api.get("/mi-cuenta").text
    assert 'name="email:overdue"' in page and 'name="inapp:digest"' not in page
    ticked = {f"inapp:{kind}": "1" for kind in preferences.OFFERED["inapp"]}
    r = api.post(
        "/mi-cuenta/avisos",
        data={"csrf_token": token, "inapp": "1", "email:due_soon": "1", **ticked},
    )
    assert r.status_code == 200
    assert preferences.get(session=make.session, user_id=member.user.id) == {
        "email": False,
        "inapp": True,
    }
    kinds = preferences.get_kinds(session=make.session, user_id=member.user.id)
    assert all(kinds["inapp"].values())
    assert {k for k, on in kinds["email"].items() if on} == {"due_soon"}


def test_the_calendar_address_is_shown_once_serves_ics_and_can_be_revoked(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    head = person(make, "area", area)
    make.agreement([area])
    token = sign_in(api, head)
    page = api.get("/mi-cuenta")
    assert "Outlook" in page.text and "Google Calendar" in page.text
    made = api.post("/mi-cuenta/calendario", data={"csrf_token": token})
    assert made.status_code == 200
    found = FEED.search(made.text)
    assert found
    feed = api.get(found.group(1))
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text
    assert not FEED.search(api.get("/mi-cuenta").text)  # never shown again
    api.post("/mi-cuenta/calendario/revocar", data={"csrf_token": token})
    assert api.get(found.group(1)).status_code == 404


def test_a_token_is_shown_once_works_and_is_revoked(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    token = sign_in(api, member)
    before = make.session.scalar(select(func.count()).select_from(ApiToken))
    past = api.post(
        "/mi-cuenta/tokens",
        data={"csrf_token": token, "label": "hoja", "expires_at": "2001-01-01"},
    )
    assert past.status_code == 422 and "caducidad ya pasó" in past.text
    assert 'value="hoja"' in past.text
    bad = api.post(
        "/mi-cuenta/tokens", data={"csrf_token": token, "label": "hoja", "expires_at": "mañana"}
    )
    assert bad.status_code == 422 and "Caducidad" in bad.text
    assert make.session.scalar(select(func.count()).select_from(ApiToken)) == before
    made = api.post("/mi-cuenta/tokens", data={"csrf_token": token, "label": "hoja"})
    assert made.status_code == 200
    found = TOKEN.search(made.text)
    assert found
    secret = {"Authorization": f"Bearer {found.group(1)}"}
    assert api.get("/api/v1/me/tokens", headers=secret).status_code == 200
    row = make.session.scalar(select(ApiToken).where(ApiToken.label == "hoja"))
    assert row is not None
    page = api.get("/mi-cuenta").text
    assert "hoja" in page and found.group(1) not in page
    api.post(f"/mi-cuenta/tokens/{row.id}/revocar", data={"csrf_token": csrf_of(page)})
    assert api.get("/api/v1/me/tokens", headers=secret).status_code == 401


def test_nobody_revokes_another_persons_token(api: TestClient, make: Factory) -> None:
    owner = person(make, "member")
    row = make.session.scalar(select(ApiToken).where(ApiToken.user_id == owner.user.id))
    assert row is not None
    token = sign_in(api, person(make, "member"))
    r = api.post(f"/mi-cuenta/tokens/{row.id}/revocar", data={"csrf_token": token})
    assert r.status_code == 404
    make.session.refresh(row)
    assert row.revoked_at is None


def test_hostile_input_gets_a_readable_refusal_not_a_500(api: TestClient, make: Factory) -> None:
    member = person(make, "member")
    token = sign_in(api, member)
    before = make.session.scalar(select(func.count()).select_from(ApiToken))
    for data in (
        {"label": "a\x00b"},
        {"label": "x" * 5000},
        {"label": "ok", "expires_at": "99999-12-31"},
        {"label": "ok", "expires_at": "2024-02-30"},
        {"label": "ok", "expires_at": "\x00"},
    ):
        r = api.post("/mi-cuenta/tokens", data={"csrf_token": token, **data})
        assert r.status_code == 422 and 'role="alert"' in r.text, data
    assert make.session.scalar(select(func.count()).select_from(ApiToken)) == before
    r = api.post(
        "/mi-cuenta/contrasena",
        data={"csrf_token": token, "current": "\x00" * 5000, "password": "\x00", "repeated": ""},
    )
    assert r.status_code == 422
    assert api.post(
        "/mi-cuenta/tokens/99999999999999/revocar", data={"csrf_token": token}
    ).status_code in (404, 422)
