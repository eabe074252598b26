"""The agreement routes of SPEC §4 that create and read: creation, detail, lists, filters
and pagination."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.core_world import World, agreement_url, assert_error
from tests.factories import Factory

# --- agreements: create, detail, list ---------------------------------------------------------


def create_agreement(api: TestClient, world: World, **kw: Any) -> Any:
    body = {"meeting": world.meeting.id, "title": "Presentar el calendario", "areas": ["UTVOE"]}
    return api.post("/api/v1/agreements", json={**body, **kw}, headers=world.secretariat.headers)


def test_an_agreement_is_created_with_its_key_areas_and_an_etag(
    api: TestClient, world: World
) -> None:
    r = create_agreement(api, world, areas=["utvoe", "DEOEYG"], deadline="2099-06-14")
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["key"] == f"{world.meeting.organ.code}/4SO/2024/02"
    assert body["areas"] == ["UTVOE", "DEOEYG"]
    assert (body["state"], body["state_label"], body["version"]) == ("approved", "Aprobado", 1)
    assert (body["deadline"], body["overdue"], body["progress"]) == ("2099-06-14", False, 0)
    assert r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"/api/v1/agreements/{body['id']}"
    assert body["allowed_events"] == [
        "start",
        "report_fulfillment",
        "reschedule",
        "cancel",
    ]


def test_a_deadline_in_business_days_counts_from_the_day_after_the_meeting(
    api: TestClient, world: World, make: Factory
) -> None:
    thursday = make.meeting(day=date(2024, 5, 2), number=1)
    r = create_agreement(api, world, meeting=thursday.id, deadline_business_days=10)
    assert r.status_code == 201, r.text
    assert r.json()["deadline"] == "2024-05-16"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"deadline": "2024-02-30"}, "«deadline» no es una fecha válida"),
        ({"deadline": "mañana"}, "«deadline» no es una fecha válida"),
        ({"areas": []}, "«areas» no puede estar vacío"),
        ({"areas": ["NOEXISTE"]}, "NOEXISTE"),
        ({"areas": ["UTVOE", "utvoe"]}, "repetida"),
        ({"title": "   "}, "«title» no puede estar vacío"),
        ({"estado": "fulfilled"}, "«estado» no es un campo admitido"),
        ({"deadline": "2024-06-01", "deadline_business_days": 5}, "no ambos"),
        ({"deadline_business_days": 0}, "mayor o igual que 1"),
        ({"relevant": "quizá"}, "«relevant» debe ser true o false"),
        ({"meeting": 999999}, "No existe la sesión con id 999999"),
    ],
)
def test_invalid_agreements_answer_422_in_spanish(
    api: TestClient, world: World, change: dict[str, Any], words: str
) -> None:
    assert words in assert_error(create_agreement(api, world, **change), 422, "invalid")["detail"]


def test_a_duplicate_agreement_key_answers_409(api: TestClient, world: World) -> None:
    r = create_agreement(api, world, key=world.agreement.key)
    body = assert_error(r, 409, "conflict")
    assert world.agreement.key in body["detail"] and body["field"] == "key"


def test_an_unknown_agreement_answers_404_everywhere(api: TestClient, world: World) -> None:
    h = world.secretariat.headers
    url = "/api/v1/agreements/999999"
    assert_error(api.get(url, headers=h), 404, "not_found")
    assert_error(api.patch(url, json={"title": "x"}, headers=h), 404, "not_found")
    assert_error(api.post(url + "/events", json={"event": "start"}, headers=h), 404, "not_found")
    assert_error(api.post(url + "/updates", json={"note": "x"}, headers=h), 404, "not_found")


def test_every_detail_sends_its_version_as_etag(api: TestClient, world: World) -> None:
    h = world.member.headers
    for path, item in (
        ("agreements", world.agreement),
        ("convenios", world.convenio),
        ("activities", world.activity),
    ):
        r = api.get(f"/api/v1/{path}/{item.id}", headers=h)
        assert r.status_code == 200
        assert r.headers["ETag"] == f'"{r.json()["version"]}"'
    r = api.get(f"/api/v1/meetings/{world.meeting.id}", headers=h)
    assert r.headers["ETag"] == f'"{r.json()["minutes"]["version"]}"'


def test_the_detail_shows_history_updates_and_what_the_caller_may_do(
    api: TestClient, world: World
) -> None:
    url = agreement_url(world)
    api.post(url + "/events", json={"event": "start"}, headers=world.own_head.headers)
    api.post(
        url + "/updates",
        json={"note": "Oficio enviado", "progress": 40},
        headers=world.own_head.headers,
    )
    api.post(
        url + "/events",
        json={"event": "report_fulfillment", "note": "Se entregó"},
        headers=world.own_head.headers,
    )
    detail = api.get(url, headers=world.secretariat.headers).json()
    assert [(t["event"], t["from"], t["to"]) for t in detail["transitions"]] == [
        ("start", "approved", "in_progress"),
        ("report_fulfillment", "in_progress", "under_review"),
    ]
    last = detail["transitions"][-1]
    assert (last["by"], last["note"], last["to_label"]) == (
        world.own_head.user.name,
        "Se entregó",
        "En revisión de cumplimiento",
    )
    assert [(u["note"], u["progress"]) for u in detail["updates"]] == [("Oficio enviado", 40)]
    assert detail["progress"] == 40
    assert detail["allowed_events"] == ["confirm", "reject", "cancel"]
    head_view = api.get(url, headers=world.own_head.headers).json()
    assert head_view["allowed_events"] == []


# --- lists: filters and pagination ------------------------------------------------------------
# The app's clock is the real one: 2024 deadlines are past (overdue while open), 2099 ones not.


@pytest.fixture
def many(api: TestClient, world: World, make: Factory) -> dict[str, int]:
    """Six more agreements: overdue, relevant, in other states, of the other area."""
    ids: dict[str, int] = {}
    ids["overdue"] = make.agreement([world.own], deadline=date(2024, 5, 1), title="Vencido").id
    ids["relevant"] = make.agreement(
        [world.other], deadline=None, relevant=True, title="Tema relevante del padrón"
    ).id
    ids["co"] = make.agreement(
        [world.other, world.own], deadline=date(2099, 1, 1), title="Compartido"
    ).id
    done = make.agreement([world.own], deadline=date(2024, 5, 1), title="Cumplido a tiempo").id
    ids["done"] = done
    h = world.secretariat.headers
    api.post(
        f"/api/v1/agreements/{done}/events",
        json={"event": "report_fulfillment", "note": "x"},
        headers=h,
    )
    api.post(f"/api/v1/agreements/{done}/events", json={"event": "confirm"}, headers=h)
    other_meeting = make.meeting(day=date(2024, 3, 1), number=3)
    ids["other_meeting"] = make.agreement(
        [world.own], meeting=other_meeting, deadline=date(2099, 1, 1)
    ).id
    ids["original"] = world.agreement.id
    return ids


def ids_of(api: TestClient, world: World, query: str) -> list[int]:
    r = api.get(f"/api/v1/agreements?{query}", headers=world.member.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] >= len(body["items"])
    return [i["id"] for i in body["items"]]


def test_lists_filter_by_state_area_meeting_overdue_relevant_and_text(
    api: TestClient, world: World, many: dict[str, int]
) -> None:
    assert ids_of(api, world, "state=fulfilled") == [many["done"]]
    assert set(ids_of(api, world, "state=approved,fulfilled")) == set(many.values())
    assert ids_of(api, world, "area=deoeyg") == [many["relevant"], many["co"]]
    assert ids_of(api, world, f"meeting={world.later_meeting.id}") == []
    assert many["other_meeting"] not in ids_of(api, world, f"meeting={world.meeting.id}")
    assert ids_of(api, world, "overdue=true") == [many["original"], many["overdue"]]
    assert many["done"] in ids_of(api, world, "overdue=false")
    assert ids_of(api, world, "relevant=true") == [many["relevant"]]
    assert ids_of(api, world, "q=PADRÓN") == [many["relevant"]] or ids_of(
        api, world, "q=padrón"
    ) == [many["relevant"]]
    organ = world.meeting.organ.code
    assert set(ids_of(api, world, f"organ={organ}")) == set(many.values())
    assert ids_of(api, world, "organ=NOEXISTE") == []


def test_an_overdue_flag_is_derived_from_the_deadline_and_the_state(
    api: TestClient, world: World, many: dict[str, int]
) -> None:
    items = {
        i["id"]: i
        for i in api.get("/api/v1/agreements?limit=100", headers=world.member.headers).json()[
            "items"
        ]
    }
    assert items[many["overdue"]]["overdue"] is True
    assert items[many["done"]]["overdue"] is False, "a fulfilled agreement is never overdue"
    assert items[many["relevant"]]["overdue"] is False, "no deadline, never overdue"


def test_lists_are_paginated_with_the_total(
    api: TestClient, world: World, many: dict[str, int]
) -> None:
    h = world.member.headers
    first = api.get("/api/v1/agreements?limit=2&offset=0", headers=h).json()
    rest = api.get("/api/v1/agreements?limit=10&offset=2", headers=h).json()
    assert (first["total"], first["limit"], first["offset"]) == (6, 2, 0)
    assert len(first["items"]) == 2 and len(rest["items"]) == 4
    assert [i["id"] for i in first["items"] + rest["items"]] == sorted(many.values())
    assert api.get("/api/v1/agreements?offset=50", headers=h).json()["items"] == []


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=501", "offset=-1", "state=vencido", "overdue=quizá", "meeting=x"]
)
def test_invalid_list_parameters_answer_422(api: TestClient, world: World, query: str) -> None:
    assert_error(
        api.get(f"/api/v1/agreements?{query}", headers=world.member.headers), 422, "invalid"
    )
