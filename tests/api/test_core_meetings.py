"""The meeting routes of SPEC §4: meetings, their agendas and the events of their minutes."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.core_world import World, assert_error

# --- meetings and minutes ---------------------------------------------------------------------


def new_meeting(api: TestClient, world: World, **kw: Any) -> Any:
    body = {
        "organ": world.meeting.organ.code.lower(),
        "kind": "ordinaria",
        "number": 6,
        "year": 2024,
        "date": "2024-06-28",
        "time": "11:00",
        "modality": "virtual",
        "agenda": [
            "Lista de asistencia",
            {"text": "Informes", "items": ["Informe trimestral", "Informe de convenios"]},
        ],
        **kw,
    }
    return api.post("/api/v1/meetings", json=body, headers=world.secretariat.headers)


def test_a_meeting_is_created_with_its_agenda_key_and_draft_minutes(
    api: TestClient, world: World
) -> None:
    r = new_meeting(api, world)
    assert r.status_code == 201, r.text
    meeting = r.json()
    assert meeting["key"] == f"{world.meeting.organ.code}/6SO/2024"
    assert (meeting["time"], meeting["modality"]) == ("11:00:00", "virtual")
    assert meeting["agenda"][1] == {
        "number": "2",
        "text": "Informes",
        "items": [
            {"number": "a", "text": "Informe trimestral", "items": []},
            {"number": "b", "text": "Informe de convenios", "items": []},
        ],
    }
    assert meeting["minutes"]["state"] == "draft"
    assert r.headers["Location"] == f"/api/v1/meetings/{meeting['id']}"
    got = api.get(f"/api/v1/meetings/{meeting['id']}", headers=world.member.headers)
    assert got.json() == meeting and got.headers["ETag"] == '"1"'


def test_meetings_are_listed_newest_first_and_filtered(api: TestClient, world: World) -> None:
    h = world.member.headers
    listed = api.get("/api/v1/meetings", headers=h).json()
    assert [m["number"] for m in listed][:2] == [5, 4]
    organ = world.meeting.organ.code
    assert len(api.get(f"/api/v1/meetings?organ={organ}&year=2024", headers=h).json()) == 2
    assert api.get(f"/api/v1/meetings?organ={organ}&year=2023", headers=h).json() == []


@pytest.mark.parametrize(
    ("change", "status", "code", "words"),
    [
        ({"date": "2024-13-01"}, 422, "invalid", "no es una fecha válida"),
        ({"time": "25:00"}, 422, "invalid", "no es una hora válida"),
        ({"kind": "secreta"}, 422, "invalid", "ordinaria"),
        ({"modality": "telepática"}, 422, "invalid", "presencial"),
        ({"organ": "NOEXISTE"}, 422, "invalid", "NOEXISTE"),
        ({"number": 0}, 422, "invalid", "mayor o igual que 1"),
        ({"number": 4}, 409, "conflict", "Ya existe la sesión"),
    ],
)
def test_invalid_meetings_are_refused(
    api: TestClient, world: World, change: dict[str, Any], status: int, code: str, words: str
) -> None:
    assert words in assert_error(new_meeting(api, world, **change), status, code)["detail"]


def test_an_unknown_meeting_answers_404(api: TestClient, world: World) -> None:
    assert_error(api.get("/api/v1/meetings/999999", headers=world.member.headers), 404, "not_found")


def test_minutes_are_approved_by_a_later_session_once(api: TestClient, world: World) -> None:
    url = f"/api/v1/meetings/{world.meeting.id}/minutes/events"
    h = world.secretariat.headers
    r = api.post(url, json={"event": "approve", "approved_in": world.later_meeting.id}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["minutes"] == {
        "state": "approved",
        "state_label": "Aprobada",
        "approved_in": world.later_meeting.id,
        "version": 2,
        "text": None,
        "file": None,
    }
    assert r.headers["ETag"] == '"2"'
    again = api.post(
        url, json={"event": "approve", "approved_in": world.later_meeting.id}, headers=h
    )
    body = assert_error(again, 409, "transition_not_allowed")
    assert (body["state"], body["allowed_events"]) == ("approved", [])


def test_minutes_events_check_the_version_and_the_approving_session(
    api: TestClient, world: World
) -> None:
    url = f"/api/v1/meetings/{world.meeting.id}/minutes/events"
    h = world.secretariat.headers
    later = {"event": "approve", "approved_in": world.later_meeting.id}
    assert_error(api.post(url, json=later, headers={**h, "If-Match": '"7"'}), 412, "stale_version")
    assert_error(api.post(url, json={"event": "approve"}, headers=h), 422, "invalid")
    earlier = {"event": "approve", "approved_in": world.meeting.id}
    assert_error(api.post(url, json=earlier, headers=h), 422, "invalid")
    assert_error(api.post(url, json={**later, "extra": 1}, headers=h), 422, "invalid")
    unknown = "/api/v1/meetings/999999/minutes/events"
    assert_error(api.post(unknown, json=later, headers=h), 404, "not_found")
    minutes = api.get(f"/api/v1/meetings/{world.meeting.id}", headers=h).json()["minutes"]
    assert (minutes["state"], minutes["version"]) == ("draft", 1)
