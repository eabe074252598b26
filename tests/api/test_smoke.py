"""A first walk through the API, as the README's quick tour does it."""

from fastapi.testclient import TestClient

from tests.factories import Factory


def test_area_head_reports_and_secretariat_confirms(api: TestClient, make: Factory) -> None:
    area = make.area("UTVOE")
    head = make.person("area", area)
    secretariat = make.person("secretariat")
    meeting = make.meeting()
    created = api.post(
        "/api/v1/agreements",
        json={
            "meeting": meeting.id,
            "title": "Presentar calendario",
            "areas": ["UTVOE"],
            "deadline": "2024-05-20",
        },
        headers=secretariat.headers,
    )
    assert created.status_code == 201, created.text
    agreement = created.json()
    assert agreement["key"].endswith("/01")
    url = f"/api/v1/agreements/{agreement['id']}"
    r = api.post(url + "/events", json={"event": "start"}, headers=head.headers)
    assert r.status_code == 200, r.text
    r = api.post(
        url + "/events", json={"event": "report_fulfillment", "note": "Listo"}, headers=head.headers
    )
    assert r.json()["state"] == "under_review"
    r = api.post(url + "/events", json={"event": "confirm"}, headers=head.headers)
    assert r.status_code == 403, r.text
    r = api.post(url + "/events", json={"event": "confirm"}, headers=secretariat.headers)
    body = r.json()
    assert body["state"] == "fulfilled" and body["progress"] == 100
    assert [t["event"] for t in body["transitions"]] == ["start", "report_fulfillment", "confirm"]
    r = api.post(url + "/events", json={"event": "start"}, headers=secretariat.headers)
    assert r.status_code == 409
    assert r.json()["state"] == "fulfilled" and r.json()["allowed_events"] == []
