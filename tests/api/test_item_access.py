"""The item a path names is loaded once, with the caller's right checked first, and an answer
after a change shows the item as the change left it (overdue included), not a second read."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.factories import Factory

MISSING = "/api/v1/agreements/424242"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", MISSING, None),
        ("PATCH", MISSING, {"title": "Otro"}),
        ("POST", f"{MISSING}/events", {"event": "start"}),
        ("POST", f"{MISSING}/updates", {"note": "Avance"}),
    ],
)
def test_a_missing_item_is_404_for_who_may_act_on_it(
    api: TestClient, make: Factory, method: str, path: str, body: dict[str, str] | None
) -> None:
    secretariat = make.person("secretariat")
    r = api.request(method, path, json=body, headers=secretariat.headers)
    assert r.status_code == 404, r.text
    assert r.json()["code"] == "not_found"


def test_a_member_editing_a_missing_item_is_refused_before_it_is_looked_for(
    api: TestClient, make: Factory
) -> None:
    member = make.person("member")
    assert api.patch(MISSING, json={"title": "Otro"}, headers=member.headers).status_code == 403


def test_an_event_answer_shows_the_overdue_flag_the_event_left(
    api: TestClient, make: Factory
) -> None:
    agreement = make.agreement([make.area()], deadline=date(2024, 5, 1))  # already past
    secretariat = make.person("secretariat")
    url = f"/api/v1/agreements/{agreement.id}"
    assert api.get(url, headers=secretariat.headers).json()["overdue"] is True
    event = {"event": "reschedule", "note": "Más plazo", "deadline": "2099-07-31"}
    r = api.post(f"{url}/events", json=event, headers=secretariat.headers)
    assert r.status_code == 200, r.text
    assert (r.json()["deadline"], r.json()["overdue"]) == ("2099-07-31", False)
    assert r.headers["ETag"] == f'"{r.json()["version"]}"'
    assert api.get(url, headers=secretariat.headers).json()["overdue"] is False
