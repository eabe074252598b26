"""Signing in to the pages the way a browser does: read the form's CSRF token, post it back."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.factories import Factory, Person
from workflow.models import Area

PASSWORD = "clave-de-prueba"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, person: Person, password: str = PASSWORD) -> str:
    """Sign `person` in; returns the CSRF token of the new session."""
    token = csrf_of(client.get("/login").text)
    r = client.post(
        "/login",
        data={"email": person.user.email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/").text)


def person(make: Factory, role: str, area: Area | None = None) -> Person:
    return make.person(role, area, password=PASSWORD)
