"""Page sessions live on the server: a forged or copied cookie opens nothing once the session is
gone, and sessions end at logout, at a password change and after idle and absolute timeouts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.context import AppContext
from api.pages.auth import COOKIE
from tests.api.signin import PASSWORD, csrf_of, person, sign_in
from tests.api.timed import browser, forge, read_cookie, timed_app, with_cookie
from tests.factories import Factory
from workflow.directory import web_sessions
from workflow.directory.credentials import change_password
from workflow.models import WebSession
from workflow.runtime.settings import DEFAULT_SECRET


def signed_in(client: TestClient) -> bool:
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (200, 303), r.text
    return r.status_code == 200


def test_a_cookie_forged_with_the_example_key_is_refused(
    app_context: AppContext, make: Factory
) -> None:
    admin = person(make, "admin")
    assert app_context.settings.uses_default_secret  # the attacker knows the key
    app, _ = timed_app(app_context)
    for payload in ({"uid": admin.user.id}, {"sid": "adivinado", "uid": admin.user.id}):
        with browser(app) as attacker:
            with_cookie(attacker, forge(DEFAULT_SECRET, payload))
            r = attacker.get("/", follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login")
            assert attacker.get("/api/v1/agreements").status_code == 401


def test_a_copied_cookie_is_dead_after_logout(app_context: AppContext, make: Factory) -> None:
    member = person(make, "member")
    app, _ = timed_app(app_context)
    with browser(app) as owner, browser(app) as thief:
        token = sign_in(owner, member)
        with_cookie(thief, owner.cookies[COOKIE])
        assert signed_in(thief)
        r = owner.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303
        assert not signed_in(owner)
        assert not signed_in(thief)


def test_a_password_change_ends_every_session_of_the_person(
    app_context: AppContext, make: Factory
) -> None:
    member, other = person(make, "member"), person(make, "member")
    app, _ = timed_app(app_context)
    with browser(app) as office, browser(app) as phone, browser(app) as colleague:
        sign_in(office, member)
        sign_in(phone, member)
        sign_in(colleague, other)
        change_password(session=make.session, user=member.user, password="otra-clave-larga")
        assert not signed_in(office) and not signed_in(phone)
        assert signed_in(colleague)
        sign_in(office, member, password="otra-clave-larga")
        assert signed_in(office)


def test_end_sessions_ends_only_that_persons_open_sessions(
    app_context: AppContext, make: Factory
) -> None:
    member, other = person(make, "member"), person(make, "member")
    app, _ = timed_app(app_context)
    with browser(app) as a, browser(app) as b:
        sign_in(a, member)
        sign_in(b, other)
        assert web_sessions.end_sessions(session=make.session, user_id=member.user.id) == 1
        assert not signed_in(a) and signed_in(b)


def test_an_idle_session_ends_after_two_hours(app_context: AppContext, make: Factory) -> None:
    member = person(make, "member")
    app, hands = timed_app(app_context)
    with browser(app) as client:
        sign_in(client, member)
        hands.advance(minutes=119)
        assert signed_in(client)  # activity: the idle time counts from here
        hands.advance(minutes=119)
        assert signed_in(client)
        hands.advance(minutes=121)
        assert not signed_in(client)


def test_a_busy_session_still_ends_twelve_hours_after_sign_in(
    app_context: AppContext, make: Factory
) -> None:
    member = person(make, "member")
    app, hands = timed_app(app_context)
    with browser(app) as client:
        sign_in(client, member)
        for _ in range(7):
            hands.advance(minutes=100)
            assert signed_in(client)
        hands.advance(minutes=12 * 60 + 1 - 700)
        assert not signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(app_context: AppContext, make: Factory) -> None:
    member = person(make, "member")
    app, hands = timed_app(app_context)
    with browser(app) as client:
        sign_in(client, member)
        row = make.session.scalars(select(WebSession)).one()
        signed_at = row.last_seen_at
        hands.advance(seconds=30)
        assert signed_in(client)
        make.session.refresh(row)
        assert row.last_seen_at == signed_at
        hands.advance(seconds=31)
        assert signed_in(client)
        make.session.refresh(row)
        assert row.last_seen_at == hands.now


def test_the_session_id_rotates_at_sign_in(app_context: AppContext, make: Factory) -> None:
    member = person(make, "member")
    secret = app_context.settings.secret_key.get_secret_value()
    app, _ = timed_app(app_context)
    with browser(app) as victim:
        # An attacker plants a cookie whose id they know, hoping the victim signs in with it.
        with_cookie(victim, forge(secret, {"sid": "conocido-por-el-atacante", "csrf": "t"}))
        token = csrf_of(victim.get("/login").text)
        r = victim.post(
            "/login",
            data={"email": member.user.email, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303
        first = read_cookie(secret, victim.cookies[COOKIE])["sid"]
        assert first != "conocido-por-el-atacante"
        assert first.isascii() and len(first) >= 40
        stored = make.session.scalars(select(WebSession.digest)).all()
        assert stored == [web_sessions.digest(first)]  # only the digest is kept

        # Signing in again gives a new id and ends the previous session.
        r = victim.post(
            "/login",
            data={
                "email": member.user.email,
                "password": PASSWORD,
                "csrf_token": read_cookie(secret, victim.cookies[COOKIE])["csrf"],
            },
            follow_redirects=False,
        )
        assert r.status_code == 303
        second = read_cookie(secret, victim.cookies[COOKIE])["sid"]
        assert second != first
        with browser(app) as old:
            with_cookie(old, forge(secret, {"sid": first}))
            assert not signed_in(old)


def test_the_cookie_carries_no_user_id(app_context: AppContext, make: Factory) -> None:
    member = person(make, "member")
    secret = app_context.settings.secret_key.get_secret_value()
    app, _ = timed_app(app_context)
    with browser(app) as client:
        sign_in(client, member)
        assert set(read_cookie(secret, client.cookies[COOKIE])) <= {"sid", "csrf", "flash"}


def test_deactivating_a_person_ends_their_open_page_session_for_good(
    app_context: AppContext, make: Factory
) -> None:
    """Reactivating them later does not revive the browser they left open."""
    admin, member = person(make, "admin"), person(make, "member")
    app, _ = timed_app(app_context)
    with browser(app) as office, browser(app) as console:
        sign_in(office, member)
        off = console.patch(
            f"/api/v1/users/{member.user.id}", json={"active": False}, headers=admin.headers
        )
        assert off.status_code == 200, off.text
        assert not signed_in(office)
        on = console.patch(
            f"/api/v1/users/{member.user.id}", json={"active": True}, headers=admin.headers
        )
        assert on.status_code == 200, on.text
        assert not signed_in(office)
        live = make.session.scalars(
            select(WebSession).where(
                WebSession.user_id == member.user.id, WebSession.ended_at.is_(None)
            )
        ).all()
        assert live == []


def test_an_administrator_resetting_a_password_ends_the_persons_sessions(
    app_context: AppContext, make: Factory
) -> None:
    from workflow.directory import people

    admin, member = person(make, "admin"), person(make, "member")
    app, _ = timed_app(app_context)
    with browser(app) as office:
        sign_in(office, member)
        people.set_password(
            session=make.session,
            actor=admin.actor,
            user_id=member.user.id,
            password="una-clave-nueva",
        )
        assert not signed_in(office)
        sign_in(office, member, password="una-clave-nueva")
        assert signed_in(office)
