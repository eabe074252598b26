"""The access matrix of SPEC §3: every mutating route × every role, own area and another;
then every API route × every dead credential (a revoked token, an expired token, the token of a
deactivated person).

Each row names a route and what each caller gets. Every call runs inside a savepoint that is
rolled back afterwards, so each role meets the same untouched world; a refused call must leave
the item (row, transitions, domain events, updates) or the table exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from tests.api.core_world import World, assert_error, database_state, snapshot, table_counts
from tests.factories import Factory, Person
from workflow.directory import tokens
from workflow.models import (
    Activity,
    Agreement,
    ApiToken,
    Area,
    Convenio,
    Meeting,
    Minutes,
    Organ,
    User,
)

ROLES = ("anonymous", "member", "other_area", "own_area", "secretariat", "admin")
EDITORS = {"secretariat", "admin"}
RESPONSIBLE = {"own_area", "secretariat", "admin"}


SIGNED_IN = set(ROLES) - {"anonymous"}
ERROR_CODES = {401: "not_authenticated", 403: "forbidden", 404: "not_found"}


def expect(allowed: set[str], success: int, refused: int = 403) -> dict[str, int]:
    """Status per role: `success` for the allowed ones, 401 anonymous, `refused` the rest."""
    return {
        role: success if role in allowed else 401 if role == "anonymous" else refused
        for role in ROLES
    }


@dataclass(frozen=True)
class Route:
    """One mutating route: how to call it in a world, and what it may change."""

    name: str
    method: str
    path: Callable[[World], str]
    body: Callable[[World], dict[str, Any]]
    statuses: dict[str, int]
    target: Callable[[World], tuple[Any, int]] | None = None
    """The item whose row and history must not change when refused; None for creations."""
    creates: tuple[Any, ...] = ()
    """Tables that must not grow when refused."""

    def __str__(self) -> str:
        return self.name


def agreement(w: World) -> tuple[Any, int]:
    return Agreement, w.agreement.id


def convenio(w: World) -> tuple[Any, int]:
    return Convenio, w.convenio.id


def activity(w: World) -> tuple[Any, int]:
    return Activity, w.activity.id


def minutes(w: World) -> tuple[Any, int]:
    return Minutes, w.meeting.minutes.id


def in_days(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).date().isoformat()


WEBHOOK = "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual?sig=x"


ROUTES = [
    Route(
        "create organ",
        "POST",
        lambda w: "/api/v1/organs",
        lambda w: {"code": "CG", "name": "Consejo General"},
        expect(EDITORS, 201),
        creates=(Organ,),
    ),
    Route(
        "create area",
        "POST",
        lambda w: "/api/v1/areas",
        lambda w: {"code": "DJ", "name": "Dirección Jurídica"},
        expect(EDITORS, 201),
        creates=(Area,),
    ),
    Route(
        "create user",
        "POST",
        lambda w: "/api/v1/users",
        lambda w: {"email": "nueva@iecm.mx", "name": "Nueva", "role": "admin"},
        expect({"admin"}, 201),
        creates=(User,),
    ),
    Route(
        "create meeting",
        "POST",
        lambda w: "/api/v1/meetings",
        lambda w: {
            "organ": w.meeting.organ.code,
            "kind": "extraordinaria",
            "number": 1,
            "year": 2024,
            "date": "2024-05-10",
        },
        expect(EDITORS, 201),
        creates=(Meeting,),
    ),
    Route(
        "create agreement",
        "POST",
        lambda w: "/api/v1/agreements",
        lambda w: {"meeting": w.meeting.id, "title": "Nuevo", "areas": ["UTVOE"]},
        expect(EDITORS, 201),
        creates=(Agreement,),
    ),
    Route(
        "create convenio",
        "POST",
        lambda w: "/api/v1/convenios",
        lambda w: {"title": "Nuevo", "counterparts": ["UNAM"], "areas": ["UTVOE"]},
        expect(EDITORS, 201),
        creates=(Convenio,),
    ),
    Route(
        "create activity",
        "POST",
        lambda w: "/api/v1/activities",
        lambda w: {"convenio": w.convenio.id, "title": "Nueva", "area": "UTVOE"},
        expect(EDITORS, 201),
        creates=(Activity,),
    ),
    Route(
        "edit agreement",
        "PATCH",
        lambda w: f"/api/v1/agreements/{w.agreement.id}",
        lambda w: {"title": "Editado", "areas": ["DEOEYG"]},
        expect(EDITORS, 200),
        target=agreement,
    ),
    Route(
        "edit convenio",
        "PATCH",
        lambda w: f"/api/v1/convenios/{w.convenio.id}",
        lambda w: {"title": "Editado"},
        expect(EDITORS, 200),
        target=convenio,
    ),
    Route(
        "edit activity",
        "PATCH",
        lambda w: f"/api/v1/activities/{w.activity.id}",
        lambda w: {"title": "Editada"},
        expect(EDITORS, 200),
        target=activity,
    ),
    Route(
        "start agreement",
        "POST",
        lambda w: f"/api/v1/agreements/{w.agreement.id}/events",
        lambda w: {"event": "start"},
        expect(RESPONSIBLE, 200),
        target=agreement,
    ),
    Route(
        "report agreement fulfilment",
        "POST",
        lambda w: f"/api/v1/agreements/{w.agreement.id}/events",
        lambda w: {"event": "report_fulfillment", "note": "Cumplido con el oficio 12"},
        expect(RESPONSIBLE, 200),
        target=agreement,
    ),
    Route(
        "cancel agreement",
        "POST",
        lambda w: f"/api/v1/agreements/{w.agreement.id}/events",
        lambda w: {"event": "cancel", "note": "Superado por el acuerdo 5SO/03"},
        expect(EDITORS, 200),
        target=agreement,
    ),
    Route(
        "reschedule agreement",
        "POST",
        lambda w: f"/api/v1/agreements/{w.agreement.id}/events",
        lambda w: {"event": "reschedule", "note": "Acuerdo 5SO/02", "deadline": "2099-01-31"},
        expect(EDITORS, 200),
        target=agreement,
    ),
    Route(
        "submit convenio for review",
        "POST",
        lambda w: f"/api/v1/convenios/{w.convenio.id}/events",
        lambda w: {"event": "submit_review"},
        expect(RESPONSIBLE, 200),
        target=convenio,
    ),
    Route(
        "terminate convenio",
        "POST",
        lambda w: f"/api/v1/convenios/{w.convenio.id}/events",
        lambda w: {"event": "terminate", "note": "Sin interés de la contraparte"},
        expect(EDITORS, 200),
        target=convenio,
    ),
    Route(
        "complete activity",
        "POST",
        lambda w: f"/api/v1/activities/{w.activity.id}/events",
        lambda w: {"event": "complete"},
        expect(RESPONSIBLE, 200),
        target=activity,
    ),
    Route(
        "cancel activity",
        "POST",
        lambda w: f"/api/v1/activities/{w.activity.id}/events",
        lambda w: {"event": "cancel", "note": "Ya no aplica"},
        expect(EDITORS, 200),
        target=activity,
    ),
    Route(
        "update agreement",
        "POST",
        lambda w: f"/api/v1/agreements/{w.agreement.id}/updates",
        lambda w: {"note": "Avance", "progress": 50},
        expect(RESPONSIBLE, 201),
        target=agreement,
    ),
    Route(
        "update convenio",
        "POST",
        lambda w: f"/api/v1/convenios/{w.convenio.id}/updates",
        lambda w: {"note": "Avance", "progress": 50},
        expect(RESPONSIBLE, 201),
        target=convenio,
    ),
    Route(
        "update activity",
        "POST",
        lambda w: f"/api/v1/activities/{w.activity.id}/updates",
        lambda w: {"note": "Avance", "progress": 50},
        expect(RESPONSIBLE, 201),
        target=activity,
    ),
    Route(
        "edit user",
        "PATCH",
        lambda w: f"/api/v1/users/{w.own_head.user.id}",
        lambda w: {"name": "Editada", "role": "member", "area": None},
        expect({"admin"}, 200),
        target=lambda w: (User, w.own_head.user.id),
    ),
    Route(
        "deactivate user",
        "PATCH",
        lambda w: f"/api/v1/users/{w.member.user.id}",
        lambda w: {"active": False},
        expect({"admin"}, 200),
        target=lambda w: (User, w.member.user.id),
    ),
    Route(
        "edit organ",
        "PATCH",
        lambda w: f"/api/v1/organs/{w.meeting.organ.code}",
        lambda w: {"name": "Comisión editada", "teams_webhook_url": WEBHOOK},
        expect({"admin"}, 200),
        target=lambda w: (Organ, w.meeting.organ.id),
    ),
    Route(
        "edit area",
        "PATCH",
        lambda w: f"/api/v1/areas/{w.own.code}",
        lambda w: {"name": "Área editada", "teams_webhook_url": WEBHOOK},
        expect({"admin"}, 200),
        target=lambda w: (Area, w.own.id),
    ),
    Route(
        "create own token",
        "POST",
        lambda w: "/api/v1/me/tokens",
        lambda w: {"label": "script", "expires_at": in_days(30)},
        expect(SIGNED_IN, 201),
        creates=(ApiToken,),
    ),
    Route(
        "revoke the admin's token",
        "DELETE",
        lambda w: f"/api/v1/me/tokens/{w.admin_token}",
        lambda w: {},
        expect({"admin"}, 204, refused=404),
        target=lambda w: (ApiToken, w.admin_token),
    ),
    Route(
        "approve minutes",
        "POST",
        lambda w: f"/api/v1/meetings/{w.meeting.id}/minutes/events",
        lambda w: {"event": "approve", "approved_in": w.later_meeting.id},
        expect(EDITORS, 200),
        target=minutes,
    ),
]


def headers_of(world: World, role: str) -> dict[str, str]:
    people = {
        "member": world.member,
        "other_area": world.other_head,
        "own_area": world.own_head,
        "secretariat": world.secretariat,
        "admin": world.admin,
    }
    return people[role].headers if role in people else {}


def state_of(session: Session, world: World, route: Route) -> Any:
    if route.target is not None:
        model, item_id = route.target(world)
        return snapshot(session, model, item_id)
    return table_counts(session, *route.creates)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_each_role_gets_its_status_and_a_refusal_changes_nothing(
    api: TestClient, make: Factory, session: Session, connection: Connection, route: Route
) -> None:
    world = World.build(make)
    session.flush()
    for role in ROLES:
        before = state_of(session, world, route)
        savepoint = connection.begin_nested()
        try:
            r = api.request(
                route.method,
                route.path(world),
                json=route.body(world),
                headers=headers_of(world, role),
            )
            expected = route.statuses[role]
            assert r.status_code == expected, f"{route} as {role}: {r.status_code} {r.text}"
            if expected >= 400:
                assert_error(r, expected, ERROR_CODES[expected])
                assert state_of(session, world, route) == before, f"{route} as {role} changed it"
            else:
                assert state_of(session, world, route) != before, f"{route} as {role} did nothing"
        finally:
            savepoint.rollback()
        assert state_of(session, world, route) == before


@pytest.mark.parametrize("role", ["member", "other_area", "own_area", "secretariat", "admin"])
def test_every_signed_in_role_reads_everything(api: TestClient, make: Factory, role: str) -> None:
    world = World.build(make)
    h = headers_of(world, role)
    for path in (
        "/api/v1/organs",
        "/api/v1/areas",
        "/api/v1/meetings",
        f"/api/v1/meetings/{world.meeting.id}",
        "/api/v1/agreements",
        f"/api/v1/agreements/{world.agreement.id}",
        "/api/v1/convenios",
        f"/api/v1/convenios/{world.convenio.id}",
        f"/api/v1/convenios/{world.convenio.id}/activities",
        "/api/v1/activities",
        f"/api/v1/activities/{world.activity.id}",
        "/api/v1/workflows",
    ):
        assert api.get(path, headers=h).status_code == 200, (role, path)


def test_area_head_cannot_confirm_own_fulfilment(
    api: TestClient, make: Factory, session: Session
) -> None:
    world = World.build(make)
    url = f"/api/v1/agreements/{world.agreement.id}/events"
    h = world.own_head.headers
    api.post(url, json={"event": "report_fulfillment", "note": "Listo"}, headers=h)
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(url, json={"event": "confirm"}, headers=h)
    assert "secretaría técnica" in assert_error(r, 403, "forbidden")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_a_co_responsible_area_may_act_on_the_agreement(api: TestClient, make: Factory) -> None:
    world = World.build(make)
    shared = make.agreement([world.own, world.other])
    r = api.post(
        f"/api/v1/agreements/{shared.id}/events",
        json={"event": "start"},
        headers=world.other_head.headers,
    )
    assert r.status_code == 200, r.text


def test_only_the_scheduled_check_may_expire_a_convenio(api: TestClient, make: Factory) -> None:
    world = World.build(make)
    url = f"/api/v1/convenios/{world.convenio.id}/events"
    for person in (world.admin, world.secretariat):
        assert_error(
            api.post(url, json={"event": "expire"}, headers=person.headers), 403, "forbidden"
        )


def test_a_deactivated_persons_token_stops_working(
    api: TestClient, make: Factory, session: Session
) -> None:
    world = World.build(make)
    world.secretariat.user.active = False
    session.flush()
    r = api.get("/api/v1/agreements", headers=world.secretariat.headers)
    assert_error(r, 401, "not_authenticated")


# --- dead credentials: every API route answers 401 and changes nothing ---------------------------

DEAD = ("revoked token", "expired token", "deactivated person")


def kill(session: Session, make: Factory, how: str) -> Person:
    """An administrator (who may do anything) whose credential is dead in exactly one way."""
    person = make.person("admin", password="una-clave-larga")
    if how == "revoked token":
        row = session.scalar(select(ApiToken).where(ApiToken.user_id == person.user.id))
        assert row is not None
        tokens.revoke_own(
            session=session, actor=person.actor, token_id=row.id, now=datetime.now(UTC)
        )
    elif how == "expired token":
        row = session.scalar(select(ApiToken).where(ApiToken.user_id == person.user.id))
        assert row is not None
        row.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    else:
        person.user.active = False  # its tokens are left live: `active` alone must shut it out
    session.flush()
    return person


PATH_VALUES: dict[str, Callable[[World], object]] = {
    "item_id": lambda w: w.agreement.id,
    "meeting_id": lambda w: w.meeting.id,
    "convenio_id": lambda w: w.convenio.id,
    "user_id": lambda w: w.member.user.id,
    "token_id": lambda w: w.admin_token,
    "code": lambda w: w.own.code,
    "name": lambda w: "agreement",
    "day": lambda w: "2024-05-01",
}


_operations: list[tuple[str, str, list[str]]] = []


def api_operations(api: TestClient) -> list[tuple[str, str, list[str]]]:
    """Every operation that takes a bearer token, read from the app's own OpenAPI document
    (built once: every test's app has the same routes, and the document takes seconds)."""
    if _operations:
        return _operations
    found = _operations
    for path, operations in api.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for method, op in operations.items():
            if op.get("security"):
                params = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
                found.append((method.upper(), path, params))
    return found


def known_body(world: World, method: str, path: str) -> dict[str, Any]:
    """The body that succeeds for an admin when the matrix knows one; `{}` otherwise."""
    for route in ROUTES:
        if route.method == method and _shape(route.path(world)) == _shape(path):
            return route.body(world)
    return {}


def _shape(path: str) -> list[str]:
    return ["{}" if part.isdigit() or part.startswith("{") else part for part in path.split("/")]


@pytest.mark.parametrize("how", DEAD)
def test_a_dead_credential_gets_401_on_every_route_and_changes_nothing(
    api: TestClient, make: Factory, session: Session, how: str
) -> None:
    world = World.build(make)
    dead = kill(session, make, how)
    operations = api_operations(api)
    assert len(operations) > 60 and ("DELETE", "/api/v1/me/tokens/{token_id}", ["token_id"]) in (
        operations
    )
    before = database_state(session)
    for method, template, params in operations:
        path = template.format(**{p: PATH_VALUES.get(p, lambda w: 1)(world) for p in params})
        r = api.request(method, path, json=known_body(world, method, path), headers=dead.headers)
        assert r.status_code == 401, f"{how}: {method} {path} -> {r.status_code} {r.text}"
        assert_error(r, 401, "not_authenticated")
        assert r.headers["WWW-Authenticate"] == "Bearer"
    assert database_state(session) == before, f"a request with a {how} changed the database"


def test_a_deactivated_person_cannot_sign_in_for_a_new_token(
    api: TestClient, make: Factory, session: Session
) -> None:
    World.build(make)
    dead = kill(session, make, "deactivated person")
    before = table_counts(session, ApiToken)
    r = api.post(
        "/api/v1/auth/token",
        data={"username": dead.user.email, "password": "una-clave-larga"},
    )
    assert_error(r, 401, "not_authenticated")
    assert table_counts(session, ApiToken) == before
