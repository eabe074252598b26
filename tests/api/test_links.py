"""Links between items over the API: an acuerdo names the convenios and activities it concerns
(on create and by PATCH, which replaces the set), and each side's detail shows the other."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.api.core_world import World, agreement_url, assert_error, snapshot, table_counts
from workflow.models import Agreement, AgreementLink, DomainEvent


def ref(item: Any) -> dict[str, Any]:
    return {"id": item.id, "key": item.key, "title": item.title, "state": item.state}


def test_an_acuerdo_created_with_links_shows_them_and_both_other_sides_show_it(
    api: TestClient, world: World
) -> None:
    h = world.secretariat.headers
    r = api.post(
        "/api/v1/agreements",
        json={
            "meeting": world.meeting.id,
            "title": "Dar seguimiento al convenio con la UNAM",
            "areas": ["UTVOE"],
            "convenios": [world.convenio.id],
            "activities": [world.activity.id, world.activity.id],
            "agenda_item": world.meeting.agenda[0].id,
        },
        headers=h,
    )
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["agenda_point"] == "1. Aprobación del orden del día"
    assert created["convenios"] == [ref(world.convenio)]
    assert created["activities"] == [ref(world.activity)], "an id sent twice links once"
    short = {"id": created["id"], "key": created["key"], "title": created["title"]}
    for path in (f"/convenios/{world.convenio.id}", f"/activities/{world.activity.id}"):
        other = api.get(f"/api/v1{path}", headers=world.member.headers).json()
        assert other["agreements"] == [{**short, "state": "approved"}]
    again = api.get(f"/api/v1/agreements/{created['id']}", headers=world.member.headers).json()
    assert again["convenios"] == [ref(world.convenio)]


def test_a_patch_replaces_each_set_it_names_and_keeps_the_other(
    api: TestClient, world: World, session: Session
) -> None:
    h = world.secretariat.headers
    r = api.patch(
        agreement_url(world),
        json={"convenios": [world.convenio.id], "activities": [world.activity.id]},
        headers={**h, "If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"', "a change of links is a change of the acuerdo"
    assert [c["id"] for c in r.json()["convenios"]] == [world.convenio.id]

    r = api.patch(agreement_url(world), json={"activities": [], "title": "Nuevo"}, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["activities"] == [] and body["convenios"] == [ref(world.convenio)]
    assert body["title"] == "Nuevo"
    activity = api.get(f"/api/v1/activities/{world.activity.id}", headers=h).json()
    assert activity["agreements"] == []

    unchanged = api.patch(agreement_url(world), json={"convenios": [world.convenio.id]}, headers=h)
    assert unchanged.headers["ETag"] == r.headers["ETag"], "the same set is no change"

    edits = session.scalars(
        select(DomainEvent.payload)
        .where(DomainEvent.name == "agreement.edited", DomainEvent.item_id == world.agreement.id)
        .order_by(DomainEvent.id)
    ).all()
    assert {"from": [], "to": [world.convenio.key]} == edits[0]["changes"]["convenios"]
    link_changes = [e["changes"]["activities"] for e in edits if "activities" in e["changes"]]
    assert link_changes == [
        {"from": [], "to": [world.activity.key]},
        {"from": [world.activity.key], "to": []},
    ]


def test_an_unknown_id_is_refused_naming_it_and_nothing_changes(
    api: TestClient, world: World, session: Session
) -> None:
    h = world.secretariat.headers
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.patch(
        agreement_url(world),
        json={"title": "No se guarda", "convenios": [world.convenio.id, 999999]},
        headers=h,
    )
    body = assert_error(r, 422, "invalid")
    assert "convenio con id 999999" in body["detail"] and "«convenios»" in body["detail"]
    r = api.patch(agreement_url(world), json={"activities": [999998]}, headers=h)
    assert "actividad con id 999998" in assert_error(r, 422, "invalid")["detail"]
    assert snapshot(session, Agreement, world.agreement.id) == before

    counts = table_counts(session, Agreement, AgreementLink)
    r = api.post(
        "/api/v1/agreements",
        json={"meeting": world.meeting.id, "title": "X", "areas": ["UTVOE"], "activities": [0]},
        headers=h,
    )
    assert r.status_code == 422
    r = api.post(
        "/api/v1/agreements",
        json={"meeting": world.meeting.id, "title": "X", "areas": ["UTVOE"], "convenios": [77777]},
        headers=h,
    )
    assert "convenio con id 77777" in assert_error(r, 422, "invalid")["detail"]
    assert table_counts(session, Agreement, AgreementLink) == counts


def test_only_the_secretariat_and_admins_link(
    api: TestClient, world: World, session: Session
) -> None:
    before = snapshot(session, Agreement, world.agreement.id)
    for person in (world.own_head, world.member):
        r = api.patch(
            agreement_url(world), json={"convenios": [world.convenio.id]}, headers=person.headers
        )
        assert_error(r, 403, "forbidden")
    assert snapshot(session, Agreement, world.agreement.id) == before
    r = api.patch(
        agreement_url(world), json={"convenios": [world.convenio.id]}, headers=world.admin.headers
    )
    assert r.status_code == 200 and r.json()["convenios"] == [ref(world.convenio)]


def test_a_stale_if_match_changes_no_link(api: TestClient, world: World, session: Session) -> None:
    h = world.secretariat.headers
    api.patch(agreement_url(world), json={"title": "Primera"}, headers=h)
    before = snapshot(session, Agreement, world.agreement.id)
    r = api.patch(
        agreement_url(world),
        json={"convenios": [world.convenio.id]},
        headers={**h, "If-Match": '"1"'},
    )
    assert assert_error(r, 412, "stale_version")["current_version"] == 2
    assert snapshot(session, Agreement, world.agreement.id) == before
    assert table_counts(session, AgreementLink) == {"agreement_links": 0}


def test_null_is_refused_and_deleting_the_other_side_deletes_the_link(
    api: TestClient, world: World, session: Session
) -> None:
    h = world.secretariat.headers
    r = api.patch(agreement_url(world), json={"convenios": None}, headers=h)
    assert "«convenios» no puede ser null" in assert_error(r, 422, "invalid")["detail"]
    api.patch(agreement_url(world), json={"activities": [world.activity.id]}, headers=h)
    session.delete(world.activity)
    session.flush()
    session.expire_all()
    assert api.get(agreement_url(world), headers=h).json()["activities"] == []
