"""`/api/v1/notifications` (own inbox, read, preferences) and `POST /api/v1/checks/run`."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.factories import Factory


def test_admin_runs_the_checks_and_the_area_reads_its_inbox(api: TestClient, make: Factory) -> None:
    area = make.area()
    head = make.person("area", area)
    other = make.person("area", make.area())
    admin = make.person("admin")
    a = make.agreement([area], deadline=date(2024, 6, 7))

    assert api.post("/api/v1/checks/run", json={}, headers=head.headers).status_code == 403
    r = api.post("/api/v1/checks/run", json={"date": "2024-06-11"}, headers=admin.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["date"] == "2024-06-11"
    overdue = next(c for c in body["checks"] if c["check"] == "agreement.overdue")
    assert overdue == {"check": "agreement.overdue", "found": 1, "queued": 1, "items": [a.key]}
    assert body["deliveries"]["email"] >= 1 and body["deliveries"]["inapp"] >= 1
    again = api.post("/api/v1/checks/run", json={"date": "2024-06-11"}, headers=admin.headers)
    assert again.json()["queued_events"] == 0 and again.json()["deliveries"] == {}

    inbox = api.get("/api/v1/notifications", headers=head.headers).json()
    assert inbox["unread"] == inbox["total"] >= 1
    alert = next(i for i in inbox["items"] if i["kind"] == "agreement.overdue")
    assert alert["subject"] == f"2 días hábiles de atraso: {a.title} ({a.key})"
    assert alert["link"] == f"http://seguimiento.test/acuerdos/{a.id}"
    assert api.get("/api/v1/notifications", headers=other.headers).json()["total"] == 0
    assert (
        api.post(f"/api/v1/notifications/{alert['id']}/read", headers=other.headers).status_code
        == 404
    )
    read = api.post(f"/api/v1/notifications/{alert['id']}/read", headers=head.headers)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = api.get("/api/v1/notifications?unread=true", headers=head.headers).json()
    assert alert["id"] not in [i["id"] for i in unread["items"]]
    api.post("/api/v1/notifications/read", headers=head.headers)
    assert api.get("/api/v1/notifications", headers=head.headers).json()["unread"] == 0
    assert api.get("/api/v1/notifications?status=pending", headers=head.headers).status_code == 403
    outbox = api.get("/api/v1/notifications?status=pending", headers=admin.headers).json()
    assert outbox["total"] >= 1 and {i["channel"] for i in outbox["items"]} == {"email"}
    bad = api.get("/api/v1/notifications?status=perdido", headers=admin.headers)
    assert bad.status_code == 422


def test_a_person_chooses_channels(api: TestClient, make: Factory) -> None:
    head = make.person("area", make.area())
    assert api.get("/api/v1/notifications/preferences", headers=head.headers).json() == {
        "email": True,
        "inapp": True,
    }
    r = api.put("/api/v1/notifications/preferences", json={"email": False}, headers=head.headers)
    assert r.json() == {"email": False, "inapp": True}
    bad = api.put("/api/v1/notifications/preferences", json={"fax": True}, headers=head.headers)
    assert bad.status_code == 422
    assert api.get("/api/v1/notifications").status_code == 401
