"""Duplicates answer 409 naming what exists and change nothing; keys typed by hand never block
the automatic numbering (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.app import create_app
from api.context import AppContext
from api.deps import SessionDep
from tests.api.core_world import World, assert_error
from workflow.models import Activity, Agreement, Area, Convenio, KeyCounter, Meeting, Organ, User


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_second_person_with_the_same_email_answers_409_and_changes_nothing(
    api: TestClient, world: World, session: Session
) -> None:
    before = count(session, User)
    body = {"email": world.member.user.email.upper(), "name": "Otra", "role": "member"}
    r = api.post("/api/v1/users", json=body, headers=world.admin.headers)
    error = assert_error(r, 409, "conflict")
    assert world.member.user.email in error["detail"] and error["field"] == "email"
    assert count(session, User) == before


@pytest.mark.parametrize(("path", "model"), [("/api/v1/areas", Area), ("/api/v1/organs", Organ)])
def test_an_area_or_organ_code_that_exists_answers_409_naming_it(
    api: TestClient, world: World, session: Session, path: str, model: type[Any]
) -> None:
    code = world.own.code if model is Area else world.meeting.organ.code
    before = count(session, model)
    r = api.post(path, json={"code": code.lower(), "name": "Otra"}, headers=world.admin.headers)
    error = assert_error(r, 409, "conflict")
    assert f"«{code}»" in error["detail"] and error["field"] == "code"
    assert count(session, model) == before


def test_a_session_number_the_organ_already_has_answers_409_naming_it(
    api: TestClient, world: World, session: Session
) -> None:
    before = count(session, Meeting)
    body = {
        "organ": world.meeting.organ.code,
        "kind": "ordinaria",
        "number": world.meeting.number,
        "year": world.meeting.year,
        "date": "2024-06-28",
        "modality": "virtual",
        "agenda": ["Lista de asistencia"],
    }
    r = api.post("/api/v1/meetings", json=body, headers=world.secretariat.headers)
    error = assert_error(r, 409, "conflict")
    assert error["existing_id"] == world.meeting.id
    assert f"número {world.meeting.number} de {world.meeting.year}" in error["detail"]
    assert count(session, Meeting) == before


@pytest.mark.parametrize("kind", ["agreements", "convenios", "activities"])
def test_a_key_given_by_hand_that_exists_answers_409_naming_it(
    api: TestClient, world: World, session: Session, kind: str
) -> None:
    body, model, existing = {
        "agreements": (agreement_body(world), Agreement, world.agreement.key),
        "convenios": (convenio_body(world), Convenio, world.convenio.key),
        "activities": (activity_body(world), Activity, world.activity.key),
    }[kind]
    before = count(session, model)
    r = api.post(f"/api/v1/{kind}", json={**body, "key": existing}, headers=world.admin.headers)
    error = assert_error(r, 409, "conflict")
    assert f"«{existing}»" in error["detail"] and error["field"] == "key"
    assert count(session, model) == before


def agreement_body(world: World) -> dict[str, Any]:
    return {"meeting": world.meeting.id, "title": "Otro acuerdo", "areas": [world.own.code]}


def convenio_body(world: World) -> dict[str, Any]:
    return {"title": "Otro convenio", "counterparts": ["UAM"], "areas": [world.own.code]}


def activity_body(world: World) -> dict[str, Any]:
    return {"title": "Otra actividad", "area": world.own.code, "convenio": world.convenio.id}


@pytest.mark.parametrize("ahead", [1, 3], ids=["the-next-key", "a-later-key"])
@pytest.mark.parametrize("kind", ["agreements", "convenios", "activities"])
def test_a_key_typed_by_hand_never_blocks_the_automatic_numbering(
    api: TestClient, world: World, kind: str, ahead: int
) -> None:
    body = {
        "agreements": agreement_body,
        "convenios": convenio_body,
        "activities": activity_body,
    }[kind](world)

    def create(**extra: Any) -> str:
        r = api.post(f"/api/v1/{kind}", json={**body, **extra}, headers=world.admin.headers)
        assert r.status_code == 201, r.text
        key: str = r.json()["key"]
        return key

    automatic = create()
    digits = digits_of(automatic)
    prefix = automatic.removesuffix(digits)

    def nth(n: int) -> str:
        return f"{prefix}{int(digits) + n:0{len(digits)}d}"

    assert create(key=nth(ahead)) == nth(ahead)
    following = [create() for _ in range(ahead)]
    assert following == [nth(n) for n in range(1, ahead + 2) if n != ahead]


def digits_of(key: str) -> str:
    return key[len(key.rstrip("0123456789")) :]


def test_numbering_goes_on_after_the_keys_a_database_had_before_its_counters(
    api: TestClient, world: World, session: Session
) -> None:
    """A database migrated with data has keys but no counters yet: no key is handed out twice."""
    h = world.admin.headers
    typed = f"{world.meeting.key}/07"
    r = api.post("/api/v1/agreements", json={**agreement_body(world), "key": typed}, headers=h)
    assert r.status_code == 201, r.text
    session.execute(delete(KeyCounter))
    r = api.post("/api/v1/agreements", json=agreement_body(world), headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["key"] == f"{world.meeting.key}/08"


def test_a_duplicate_no_service_looked_for_answers_409_not_500(
    app_context: AppContext, world: World
) -> None:
    """The safety net: the database's unique constraint has the last word, said as a 409."""
    app = create_app(context=app_context)

    @app.post("/api/v1/unguarded-area")
    def unguarded(session: SessionDep) -> None:
        session.add(Area(code=world.own.code, name="Sin comprobar"))
        session.flush()

    with TestClient(app, base_url="http://seguimiento.test") as client:
        r = client.post("/api/v1/unguarded-area", headers=world.admin.headers)
    assert "Ya existe un registro con esos datos" in assert_error(r, 409, "conflict")["detail"]
