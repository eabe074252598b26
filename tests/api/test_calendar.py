"""The calendar through the API: editors declare days and periods, everyone signed in reads
the year and counts business days."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import Factory


def test_calendar_api_editors_write_everyone_signed_in_reads(
    api: TestClient, make: Factory
) -> None:
    secretariat = make.person("secretariat")
    member = make.person("member")
    body = {"date": "2024-03-28", "reason": "Jueves Santo", "reference": "IECM/ACU-CG-001/2024"}
    assert api.post("/api/v1/calendar/days", json=body, headers=member.headers).status_code == 403
    created = api.post("/api/v1/calendar/days", json=body, headers=secretariat.headers)
    assert created.status_code == 201, created.text
    assert created.json() == body
    again = api.post("/api/v1/calendar/days", json=body, headers=secretariat.headers)
    assert again.status_code == 409 and "ya está declarado" in again.json()["detail"]

    r = api.patch(
        "/api/v1/calendar/days/2024-03-28",
        json={"reason": "Jueves Santo (asueto)"},
        headers=secretariat.headers,
    )
    assert r.status_code == 200 and r.json()["reason"] == "Jueves Santo (asueto)"
    period = api.post(
        "/api/v1/calendar/periods",
        json={"name": "Proceso Electoral 2023-2024", "start": "2024-06-01", "end": "2024-06-02"},
        headers=secretariat.headers,
    )
    assert period.status_code == 201, period.text

    year = api.get("/api/v1/calendar?year=2024", headers=member.headers).json()
    assert [d["date"] for d in year["non_working_days"]] == ["2024-03-28"]
    assert [p["name"] for p in year["periods"]] == ["Proceso Electoral 2023-2024"]
    assert {"date": "2024-09-16", "name": "Día de la Independencia"} in year["federal_holidays"]
    counted = api.get(
        "/api/v1/calendar/business-days?start=2024-03-27&n=2", headers=member.headers
    ).json()
    assert counted["result"] == "2024-04-01"  # only Thursday is declared here

    bad = api.post(
        "/api/v1/calendar/periods",
        json={"name": "Al revés", "start": "2024-06-02", "end": "2024-06-01"},
        headers=secretariat.headers,
    )
    assert bad.status_code == 422
    pid = period.json()["id"]
    assert (
        api.delete(f"/api/v1/calendar/periods/{pid}", headers=secretariat.headers).status_code
        == 204
    )
    assert (
        api.delete("/api/v1/calendar/days/2024-03-28", headers=secretariat.headers).status_code
        == 204
    )
    assert (
        api.delete("/api/v1/calendar/days/2024-03-28", headers=secretariat.headers).status_code
        == 404
    )
    assert api.get("/api/v1/calendar", headers={}).status_code == 401
