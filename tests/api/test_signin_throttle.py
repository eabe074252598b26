"""Sign-in is throttled per account and per client address, counted from the database, and every
attempt goes to the audit log, on the login page and on `/api/v1/auth/token` alike."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.context import AppContext
from tests.api.signin import PASSWORD, csrf_of, person, sign_in
from tests.api.timed import browser, timed_app
from tests.factories import Factory
from workflow.models import SignInEvent

WRONG = "no-es-la-clave"

Attempt = Callable[[str, str], httpx.Response]


def page_attempts(client: TestClient) -> Attempt:
    token = csrf_of(client.get("/login").text)

    def attempt(email: str, password: str) -> httpx.Response:
        return client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": token},
            follow_redirects=False,
        )

    return attempt


def api_attempts(client: TestClient) -> Attempt:
    def attempt(email: str, password: str) -> httpx.Response:
        return client.post("/api/v1/auth/token", data={"username": email, "password": password})

    return attempt


def assert_throttled(r: httpx.Response, page: bool) -> int:
    assert r.status_code == 429, r.text
    wait = int(r.headers["retry-after"])
    assert 0 < wait <= 15 * 60
    if page:
        assert "text/html" in r.headers["content-type"]
        assert "Demasiados intentos" in r.text and 'name="password"' in r.text
    else:
        body = r.json()
        assert body["code"] == "too_many_attempts" and "Demasiados intentos" in body["detail"]
    return wait


def test_the_21st_wrong_password_answers_429_on_the_login_page(
    app_context: AppContext, make: Factory
) -> None:
    member = person(make, "member")
    app, hands = timed_app(app_context)
    with browser(app) as client:
        attempt = page_attempts(client)
        for _ in range(20):
            assert attempt(member.user.email, WRONG).status_code == 401
        assert_throttled(attempt(member.user.email, WRONG), page=True)
        # Throttled means the password is not even looked at: the right one waits too.
        assert_throttled(attempt(member.user.email, PASSWORD), page=True)
        hands.advance(minutes=15, seconds=1)
        assert attempt(member.user.email, PASSWORD).status_code == 303


def test_the_21st_wrong_password_answers_429_on_the_token_route(
    app_context: AppContext, make: Factory
) -> None:
    member = person(make, "member")
    app, hands = timed_app(app_context)
    with browser(app) as client:
        attempt = api_attempts(client)
        for i in range(20):
            hands.advance(seconds=10)
            assert attempt(member.user.email, WRONG).status_code == 401, i
        wait = assert_throttled(attempt(member.user.email, PASSWORD), page=False)
        assert wait == 15 * 60 - 190  # until the oldest of the 20 failures leaves the window
        hands.advance(seconds=wait)
        assert attempt(member.user.email, PASSWORD).status_code == 200


def test_page_and_api_failures_count_together_and_unknown_accounts_alike(
    app_context: AppContext, make: Factory
) -> None:
    app_context.settings = app_context.settings.model_copy(
        update={"signin_max_failures_per_account": 4}
    )
    app, _ = timed_app(app_context)
    nobody = "nadie@prueba.mx"
    with browser(app) as client:
        page, api = page_attempts(client), api_attempts(client)
        for i in range(4):
            r = (page if i % 2 else api)(nobody, WRONG)
            assert r.status_code == 401
        assert_throttled(api(nobody, WRONG), page=False)
        assert_throttled(page(nobody, WRONG), page=True)


def test_the_client_address_is_throttled_across_accounts_and_a_success_does_not_reset_it(
    app_context: AppContext, make: Factory
) -> None:
    app_context.settings = app_context.settings.model_copy(
        update={"signin_max_failures_per_address": 5}
    )
    member = person(make, "member")
    app, _ = timed_app(app_context)
    with browser(app) as client:
        attempt = api_attempts(client)
        for i in range(4):
            assert attempt(f"otra{i}@prueba.mx", WRONG).status_code == 401
        assert attempt(member.user.email, PASSWORD).status_code == 200
        assert attempt("otra9@prueba.mx", WRONG).status_code == 401
        assert_throttled(attempt("otra10@prueba.mx", WRONG), page=False)


def test_every_attempt_and_logout_is_audited_without_the_password(
    app_context: AppContext, make: Factory
) -> None:
    member = person(make, "member")
    app, _ = timed_app(app_context)
    with browser(app) as client:
        assert api_attempts(client)(member.user.email, WRONG).status_code == 401
        assert page_attempts(client)("NADIE@prueba.mx", WRONG).status_code == 401
        token = sign_in(client, member)
        client.post("/logout", data={"csrf_token": token})
    rows = make.session.scalars(select(SignInEvent).order_by(SignInEvent.id)).all()
    assert [(r.kind, r.channel, r.email, r.user_id) for r in rows] == [
        ("failure", "api", member.user.email, None),
        ("failure", "page", "nadie@prueba.mx", None),
        ("success", "page", member.user.email, member.user.id),
        ("logout", "page", member.user.email, member.user.id),
    ]
    assert {r.client for r in rows} == {"testclient"}
    for row in rows:
        assert WRONG not in repr(vars(row)) and PASSWORD not in repr(vars(row))


def test_throttled_attempts_are_audited(app_context: AppContext, make: Factory) -> None:
    app_context.settings = app_context.settings.model_copy(
        update={"signin_max_failures_per_account": 1}
    )
    app, _ = timed_app(app_context)
    with browser(app) as client:
        attempt = api_attempts(client)
        attempt("alguien@prueba.mx", WRONG)
        assert attempt("alguien@prueba.mx", WRONG).status_code == 429
    kinds = make.session.scalars(select(SignInEvent.kind).order_by(SignInEvent.id)).all()
    assert kinds == ["failure", "throttled"]


def test_hostile_e_mails_are_a_plain_refusal(app_context: AppContext, make: Factory) -> None:
    app, _ = timed_app(app_context)
    with browser(app) as client:
        for email in ("a\x00@prueba.mx", "x" * 5000 + "@prueba.mx"):
            assert api_attempts(client)(email, WRONG).status_code == 401
            assert page_attempts(client)(email, WRONG).status_code == 401
