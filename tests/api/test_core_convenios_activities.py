"""The convenio and activity routes of SPEC §4: lifecycles, validity, annexes, PATCH."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.core_world import World, assert_error

# --- convenios and activities -----------------------------------------------------------------


def test_a_convenio_goes_from_drafting_to_in_force_and_is_extended(
    api: TestClient, world: World
) -> None:
    h = world.secretariat.headers
    r = api.post(
        "/api/v1/convenios",
        json={
            "title": "Convenio General INE-IECM",
            "kind": "general",
            "counterparts": ["Instituto Nacional Electoral"],
            "areas": ["UTVOE"],
            "object": "Coordinación del proceso electoral",
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    convenio = r.json()
    url = f"/api/v1/convenios/{convenio['id']}"
    assert (convenio["state"], convenio["counterparts"]) == (
        "drafting",
        ["Instituto Nacional Electoral"],
    )
    for name in ("submit_review", "approve"):
        assert api.post(url + "/events", json={"event": name}, headers=h).status_code == 200
    signed = api.post(
        url + "/events",
        json={
            "event": "sign",
            "note": "Firmado",
            "signed_on": "2024-01-15",
            "valid_from": "2024-01-15",
            "valid_until": "2024-12-31",
        },
        headers=h,
    ).json()
    assert (signed["state"], signed["state_label"], signed["valid_until"]) == (
        "in_force",
        "Vigente",
        "2024-12-31",
    )
    r = api.post(
        url + "/events",
        json={"event": "extend", "note": "Adenda", "valid_until": "2024-06-30"},
        headers=h,
    )
    assert "posterior" in assert_error(r, 422, "invalid")["detail"]
    r = api.post(
        url + "/events",
        json={"event": "extend", "note": "Adenda", "valid_until": "2025-06-30"},
        headers=h,
    )
    assert r.json()["valid_until"] == "2025-06-30" and r.json()["state"] == "in_force"
    annex = api.post(
        "/api/v1/convenios",
        json={
            "title": "Anexo técnico",
            "kind": "anexo",
            "counterparts": ["INE"],
            "areas": ["UTVOE"],
            "parent": convenio["id"],
        },
        headers=h,
    ).json()
    assert api.get(url, headers=h).json()["children"] == [annex["id"]]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "secreto"}, "desconocido"),
        ({"kind": "anexo"}, "necesita su convenio padre"),
        ({"counterparts": []}, "«counterparts» no puede estar vacío"),
        ({"counterparts": [" "]}, "al menos una institución"),
        ({"parent": 999999}, "No existe el convenio padre"),
        ({"url": "javascript:alert(1)"}, "«url» no tiene el formato esperado"),
    ],
)
def test_invalid_convenios_answer_422(
    api: TestClient, world: World, change: dict[str, Any], words: str
) -> None:
    body = {"title": "C", "counterparts": ["UNAM"], "areas": ["UTVOE"], **change}
    r = api.post("/api/v1/convenios", json=body, headers=world.secretariat.headers)
    assert words in assert_error(r, 422, "invalid")["detail"]


def test_a_sign_without_validity_answers_422_naming_what_is_missing(
    api: TestClient, world: World
) -> None:
    h = world.secretariat.headers
    url = f"/api/v1/convenios/{world.convenio.id}"
    api.post(url + "/events", json={"event": "submit_review"}, headers=h)
    api.post(url + "/events", json={"event": "approve"}, headers=h)
    r = api.post(url + "/events", json={"event": "sign", "signed_on": "2024-01-15"}, headers=h)
    body = assert_error(r, 422, "invalid")
    assert body["missing"] == ["valid_from", "valid_until"]


def test_activities_of_a_convenio_and_of_a_work_programme(api: TestClient, world: World) -> None:
    h = world.secretariat.headers
    r = api.post(
        "/api/v1/activities",
        json={"convenio": world.convenio.id, "title": "Plan integral", "area": "deoeyg"},
        headers=h,
    )
    assert r.status_code == 201, r.text
    assert (r.json()["area"], r.json()["areas"]) == ("DEOEYG", ["DEOEYG"])
    organ = world.meeting.organ.code
    r = api.post(
        "/api/v1/activities",
        json={"organ": organ, "title": "Programa anual", "area": "UTVOE", "due_date": "2024-12-15"},
        headers=h,
    )
    assert r.status_code == 201 and r.json()["organ"] == organ
    listed = api.get(f"/api/v1/convenios/{world.convenio.id}/activities", headers=h).json()
    assert [a["title"] for a in listed["items"]] == ["Actividad", "Plan integral"]
    assert listed["total"] == 2
    assert (
        api.get(f"/api/v1/activities?convenio={world.convenio.id}", headers=h).json()["total"] == 2
    )
    assert_error(api.get("/api/v1/convenios/999999/activities", headers=h), 404, "not_found")


@pytest.mark.parametrize(
    "change",
    [{}, {"organ": "X"}, {"convenio": 999999}],
    ids=["neither", "both", "unknown-convenio"],
)
def test_an_activity_belongs_to_exactly_one_known_convenio_or_organ(
    api: TestClient, world: World, change: dict[str, Any]
) -> None:
    body: dict[str, Any] = {"title": "Actividad", "area": "UTVOE", **change}
    if "organ" in change:
        body["convenio"] = world.convenio.id
    r = api.post("/api/v1/activities", json=body, headers=world.secretariat.headers)
    assert_error(r, 422, "invalid")


def test_an_activity_is_completed_by_its_area_and_reopened_by_the_secretariat(
    api: TestClient, world: World
) -> None:
    url = f"/api/v1/activities/{world.activity.id}"
    r = api.post(url + "/events", json={"event": "complete"}, headers=world.own_head.headers)
    assert (r.json()["state"], r.json()["progress"]) == ("done", 100)
    r = api.post(url + "/events", json={"event": "reopen"}, headers=world.secretariat.headers)
    assert "nota" in assert_error(r, 422, "invalid")["detail"]
    r = api.post(
        url + "/events",
        json={"event": "reopen", "note": "Faltó"},
        headers=world.secretariat.headers,
    )
    assert r.json()["state"] == "in_progress"


def test_a_patch_of_a_convenio_and_an_activity(api: TestClient, world: World) -> None:
    h = world.secretariat.headers
    r = api.patch(
        f"/api/v1/convenios/{world.convenio.id}",
        json={"counterparts": ["UNAM", "IPN"], "url": None},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["counterparts"], r.json()["version"]) == (["UNAM", "IPN"], 2)
    r = api.patch(
        f"/api/v1/activities/{world.activity.id}",
        json={"due_date": None, "area": "DEOEYG"},
        headers=h,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["due_date"], r.json()["area"]) == (None, "DEOEYG")
    r = api.patch(f"/api/v1/activities/{world.activity.id}", json={"area": None}, headers=h)
    assert_error(r, 422, "invalid")
