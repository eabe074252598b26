"""Who may not do something gets 403 whatever body they send: they learn nothing about validity.

The body is validated only once the caller is allowed (a 422 to an allowed person stays).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.core_world import World, assert_error

INVALID: list[dict[str, Any]] = [
    {"json": {"event": 5, "bogus": True}},
    {"json": {}},
    {"content": b"{not json", "headers": {"content-type": "application/json"}},
]


def _post(api: TestClient, url: str, person_headers: dict[str, str], body: dict[str, Any]) -> Any:
    headers = {**person_headers, **body.get("headers", {})}
    rest = {k: v for k, v in body.items() if k != "headers"}
    return api.post(url, headers=headers, **rest)


@pytest.mark.parametrize("who", ["member", "own_head", "other_head"])
@pytest.mark.parametrize("body", INVALID, ids=["wrong-fields", "empty", "malformed"])
def test_minutes_events_refuse_an_unauthorised_person_before_reading_the_body(
    api: TestClient, world: World, who: str, body: dict[str, Any]
) -> None:
    person = getattr(world, who)
    url = f"/api/v1/meetings/{world.meeting.id}/minutes/events"
    assert_error(_post(api, url, person.headers, body), 403, "forbidden")


def test_the_secretariat_still_gets_422_for_an_invalid_minutes_event(
    api: TestClient, world: World
) -> None:
    url = f"/api/v1/meetings/{world.meeting.id}/minutes/events"
    r = _post(api, url, world.secretariat.headers, INVALID[0])
    assert_error(r, 422, "invalid")
    assert_error(_post(api, url, world.secretariat.headers, INVALID[2]), 422, "invalid")


def test_the_minutes_event_body_is_still_documented(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    post = spec["paths"]["/api/v1/meetings/{meeting_id}/minutes/events"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert {"event", "approved_in", "note"} <= set(schema["properties"])


def _routes(world: World) -> list[tuple[str, str, str]]:
    """(person, method, url) that the person may never use, whatever the body."""
    a = world.agreement.id
    return [
        ("member", "post", f"/api/v1/agreements/{a}/events"),
        ("other_head", "post", f"/api/v1/agreements/{a}/events"),
        ("member", "post", f"/api/v1/agreements/{a}/updates"),
        ("other_head", "post", f"/api/v1/agreements/{a}/updates"),
        ("member", "post", f"/api/v1/convenios/{world.convenio.id}/events"),
        ("other_head", "post", f"/api/v1/activities/{world.activity.id}/updates"),
        ("member", "post", "/api/v1/agreements"),
        ("own_head", "patch", f"/api/v1/agreements/{a}"),
        ("own_head", "post", "/api/v1/convenios"),
        ("member", "post", "/api/v1/meetings"),
        ("own_head", "post", "/api/v1/organs"),
        ("member", "post", "/api/v1/areas"),
        ("secretariat", "post", "/api/v1/users"),
        ("secretariat", "post", "/api/v1/checks/run"),
        ("member", "post", "/api/v1/calendar/days"),
        ("own_head", "patch", "/api/v1/calendar/days/not-a-date"),
        ("member", "post", "/api/v1/calendar/periods"),
        ("member", "post", f"/api/v1/convenios/{world.convenio.id}/progress-reports"),
        ("own_head", "post", "/api/v1/agreements/import"),
    ]


def test_other_write_routes_refuse_before_validating_too(api: TestClient, world: World) -> None:
    for who, method, url in _routes(world):
        person = getattr(world, who)
        r = api.request(method, url, json={"bogus": [1, 2, 3]}, headers=person.headers)
        assert r.status_code == 403, (who, method, url, r.status_code, r.text)
        assert r.json()["code"] == "forbidden"


def test_allowed_people_still_get_422_for_invalid_bodies(api: TestClient, world: World) -> None:
    a = world.agreement.id
    for person, url in [
        (world.own_head, f"/api/v1/agreements/{a}/events"),
        (world.own_head, f"/api/v1/agreements/{a}/updates"),
        (world.secretariat, "/api/v1/agreements"),
        (world.admin, "/api/v1/users"),
    ]:
        r = api.post(url, json={"bogus": 1}, headers=person.headers)
        assert_error(r, 422, "invalid")
