"""The agreement routes of SPEC §4 that change an agreement: PATCH and events, with their
409, 412 and 422 answers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.core_world import World, agreement_url, assert_error, snapshot
from workflow.models import Agreement

# --- agreements: edit (PATCH) -----------------------------------------------------------------


def test_a_patch_changes_only_what_it_names_and_moves_the_etag(
    api: TestClient, world: World
) -> None:
    h = world.secretariat.headers
    r = api.patch(agreement_url(world), json={"relevant": True}, headers=h)
    assert r.status_code == 200, r.text
    assert (r.json()["relevant"], r.json()["title"], r.headers["ETag"]) == (
        True,
        "Acuerdo de prueba",
        '"2"',
    )
    r = api.patch(agreement_url(world), json={"areas": ["DEOEYG", "UTVOE"]}, headers=h)
    assert r.json()["areas"] == ["DEOEYG", "UTVOE"]
    assert r.headers["ETag"] == '"3"', "changing only the areas is a change of the item"
    r = api.patch(agreement_url(world), json={"title": "Nuevo"}, headers={**h, "If-Match": '"3"'})
    assert r.status_code == 200 and r.json()["title"] == "Nuevo"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"title": None}, "«title» no puede ser null"),
        ({"relevant": None}, "«relevant» no puede ser null"),
        ({"areas": None}, "«areas» no puede ser null"),
        ({"state": "fulfilled"}, "«state» no es un campo admitido"),
        ({"progress": 100}, "«progress» no es un campo admitido"),
        ({"deadline": "2024-07-01"}, "«deadline» no es un campo admitido"),
        ({"title": ""}, "«title» no puede estar vacío"),
        ({"areas": ["NOEXISTE"]}, "NOEXISTE"),
    ],
)
def test_invalid_patches_answer_422_and_change_nothing(
    api: TestClient, world: World, session: Session, body: dict[str, Any], words: str
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.patch(agreement_url(world), json=body, headers=world.secretariat.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_a_patch_with_a_stale_if_match_answers_412_and_changes_nothing(
    api: TestClient, world: World, session: Session
) -> None:
    h = world.secretariat.headers
    api.patch(agreement_url(world), json={"title": "Primera"}, headers=h)
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.patch(agreement_url(world), json={"title": "Segunda"}, headers={**h, "If-Match": '"1"'})
    body = assert_error(r, 412, "stale_version")
    assert body["current_version"] == 2 and "recargue" in body["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


@pytest.mark.parametrize("value", ['"1"', "1", 'W/"1"', "*"])
def test_if_match_accepts_the_etag_as_sent(api: TestClient, world: World, value: str) -> None:
    r = api.patch(
        agreement_url(world),
        json={"title": "Otro"},
        headers={**world.secretariat.headers, "If-Match": value},
    )
    assert r.status_code == 200, r.text


def test_an_if_match_that_is_not_a_version_answers_422(api: TestClient, world: World) -> None:
    r = api.patch(
        agreement_url(world),
        json={"title": "Otro"},
        headers={**world.secretariat.headers, "If-Match": "abc"},
    )
    assert_error(r, 422, "invalid")


# --- agreements: events -----------------------------------------------------------------------


def test_an_event_not_allowed_answers_409_naming_state_and_allowed_events(
    api: TestClient, world: World, session: Session
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "confirm"},
        headers=world.secretariat.headers,
    )
    body = assert_error(r, 409, "transition_not_allowed")
    assert (body["state"], body["state_label"]) == ("approved", "Aprobado")
    assert body["allowed_events"] == ["start", "report_fulfillment", "reschedule", "cancel"]
    assert "Aprobado" in body["detail"] and "start" in body["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_the_allowed_events_in_a_409_are_those_of_the_caller(api: TestClient, world: World) -> None:
    r = api.post(
        agreement_url(world) + "/events", json={"event": "confirm"}, headers=world.own_head.headers
    )
    assert assert_error(r, 403, "forbidden")
    api.post(
        agreement_url(world) + "/events", json={"event": "start"}, headers=world.own_head.headers
    )
    r = api.post(
        agreement_url(world) + "/events", json={"event": "start"}, headers=world.own_head.headers
    )
    assert assert_error(r, 409, "transition_not_allowed")["allowed_events"] == [
        "report_fulfillment"
    ]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"event": "cancel"}, "falta una nota"),
        ({"event": "cancel", "note": "   "}, "falta una nota"),
        ({"event": "reschedule", "note": "Acuerdo 5SO/02"}, "falta el nuevo plazo"),
        ({"event": "reschedule", "note": "x", "deadline": "20/06/2024"}, "no es una fecha válida"),
        ({"event": "start", "motivo": "x"}, "«motivo» no es un campo admitido"),
        ({"event": "terminar"}, "no es un evento de acuerdo"),
        ({"event": ""}, "«event» no puede estar vacío"),
        ({"note": "sin evento"}, "«event» es obligatorio"),
    ],
)
def test_invalid_events_answer_422_in_spanish_and_change_nothing(
    api: TestClient, world: World, session: Session, body: dict[str, Any], words: str
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(agreement_url(world) + "/events", json=body, headers=world.secretariat.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before


def test_an_event_with_a_stale_if_match_answers_412_and_changes_nothing(
    api: TestClient, world: World, session: Session
) -> None:
    h = world.secretariat.headers
    api.post(agreement_url(world) + "/events", json={"event": "start"}, headers=h)
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "report_fulfillment", "note": "Listo"},
        headers={**h, "If-Match": '"1"'},
    )
    assert assert_error(r, 412, "stale_version")["current_version"] == 2
    assert snapshot(session, Agreement, world.agreement.id) == before
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "report_fulfillment", "note": "Listo"},
        headers={**h, "If-Match": '"2"'},
    )
    assert r.status_code == 200 and r.headers["ETag"] == '"3"'


def test_rescheduling_moves_the_deadline_and_keeps_the_state(api: TestClient, world: World) -> None:
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "reschedule", "note": "Acuerdo CPVOE/5SO/2024/02", "deadline": "2099-06-28"},
        headers=world.secretariat.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["state"], body["deadline"], body["overdue"]) == ("approved", "2099-06-28", False)
    assert body["transitions"][-1]["data"] == {
        "deadline": "2099-06-28",
        "previous": {"deadline": "2024-05-20"},
    }
