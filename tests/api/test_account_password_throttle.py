"""The current password asked at `/mi-cuenta` is checked as at sign-in: each failure is
audited and counted against the account, and past the limit the form answers 429 without
checking it, so an open session cannot be used to guess the password."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.api.signin import PASSWORD, person, sign_in
from tests.factories import Factory
from workflow.models import SignInEvent
from workflow.runtime.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"signin_max_failures_per_account": 2})


def test_guessing_the_current_password_is_audited_and_throttled(
    api: TestClient, make: Factory
) -> None:
    member = person(make, "member")
    token = sign_in(api, member)
    new = {"password": "clave-nueva-1", "repeated": "clave-nueva-1"}
    for _ in range(2):
        r = api.post("/mi-cuenta/contrasena", data={"csrf_token": token, "current": "no-es", **new})
        assert r.status_code == 422 and "no es correcta" in r.text
    r = api.post("/mi-cuenta/contrasena", data={"csrf_token": token, "current": PASSWORD, **new})
    assert r.status_code == 429 and "minuto" in r.text
    kinds = make.session.scalars(
        select(SignInEvent.kind).where(
            SignInEvent.email == member.user.email, SignInEvent.channel == "account"
        )
    ).all()
    assert sorted(kinds) == ["failure", "failure", "throttled"]
