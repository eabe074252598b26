"""Hostile input to every family of route answers 422 (or 404 for an absent but valid id) and
changes nothing, on SQLite and on PostgreSQL.

PostgreSQL refuses NUL bytes in text and raises on strings longer than their column; SQLite takes
both silently; a huge integer overflows either driver; near `date.max` adding a day overflows
Python. Before the schemas bounded every value, each of these was a 500 on at least one database.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api import cli
from tests.api.core_world import World, table_counts
from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow.models import (
    Activity,
    AgendaItem,
    Agreement,
    AllDaysPeriod,
    Area,
    Convenio,
    ConvenioReport,
    Counterpart,
    Delivery,
    DomainEvent,
    Meeting,
    Minutes,
    NonWorkingDay,
    Organ,
    Transition,
    Update,
    User,
)

NUL = "a\x00b"
HUGE = "x" * 100_000
BIG_ID = 2**63
CONTROL_KEY = "CG/\x07/01"
MODELS = (
    Activity,
    Agreement,
    AgendaItem,
    AllDaysPeriod,
    Area,
    Convenio,
    ConvenioReport,
    Counterpart,
    Delivery,
    DomainEvent,
    Meeting,
    Minutes,
    NonWorkingDay,
    Organ,
    Transition,
    Update,
    User,
)


def agreement(world: World, **kw: Any) -> dict[str, Any]:
    return {"meeting": world.meeting.id, "title": "Acuerdo", "areas": [world.own.code], **kw}


def convenio(world: World, **kw: Any) -> dict[str, Any]:
    return {"title": "Convenio", "counterparts": ["UNAM"], "areas": [world.own.code], **kw}


def activity(world: World, **kw: Any) -> dict[str, Any]:
    return {"title": "Actividad", "area": world.own.code, **kw}


def meeting(world: World, **kw: Any) -> dict[str, Any]:
    organ = world.meeting.organ.code
    body = {"organ": organ, "kind": "ordinaria", "number": 9, "year": 2024, "date": "2024-09-27"}
    return {**body, **kw}


Body = Any  # a function of the world, or a constant
CASES: list[tuple[str, str, str, Body]] = [
    # (id, method, path, json body) — {a}, {c}, {t}, {m} are the world's item ids
    ("agreement-nul-text", "POST", "/api/v1/agreements", lambda w: agreement(w, text=NUL)),
    ("agreement-long-title", "POST", "/api/v1/agreements", lambda w: agreement(w, title=HUGE)),
    (
        "agreement-key-control",
        "POST",
        "/api/v1/agreements",
        lambda w: agreement(w, key=CONTROL_KEY),
    ),
    ("agreement-key-space", "POST", "/api/v1/agreements", lambda w: agreement(w, key="CG 01")),
    ("agreement-area-nul", "POST", "/api/v1/agreements", lambda w: agreement(w, areas=[NUL])),
    (
        "agreement-meeting-2^63",
        "POST",
        "/api/v1/agreements",
        lambda w: agreement(w, meeting=BIG_ID),
    ),
    (
        "agreement-year-0",
        "POST",
        "/api/v1/agreements",
        lambda w: agreement(w, deadline="0000-01-01"),
    ),
    (
        "agreement-year-9999",
        "POST",
        "/api/v1/agreements",
        lambda w: agreement(w, deadline="9999-12-31"),
    ),
    (
        "agreement-business-days-10^9",
        "POST",
        "/api/v1/agreements",
        lambda w: agreement(w, deadline_business_days=10**9),
    ),
    ("agreement-patch-nul", "PATCH", "/api/v1/agreements/{a}", {"title": NUL}),
    ("agreement-patch-long", "PATCH", "/api/v1/agreements/{a}", {"text": HUGE}),
    ("agreement-event-nul", "POST", "/api/v1/agreements/{a}/events", {"event": "x", "note": NUL}),
    (
        "agreement-event-9999",
        "POST",
        "/api/v1/agreements/{a}/events",
        {"event": "reschedule", "deadline": "9999-12-31"},
    ),
    ("agreement-event-long", "POST", "/api/v1/agreements/{a}/events", {"event": HUGE}),
    ("update-nul", "POST", "/api/v1/agreements/{a}/updates", {"note": NUL}),
    (
        "update-long-url",
        "POST",
        "/api/v1/agreements/{a}/updates",
        {"note": "n", "evidence_url": "https://x/" + HUGE},
    ),
    (
        "update-progress-10^9",
        "POST",
        "/api/v1/agreements/{a}/updates",
        {"note": "n", "progress": 10**9},
    ),
    (
        "convenio-long-counterpart",
        "POST",
        "/api/v1/convenios",
        lambda w: convenio(w, counterparts=[HUGE]),
    ),
    ("convenio-key-control", "POST", "/api/v1/convenios", lambda w: convenio(w, key=CONTROL_KEY)),
    ("convenio-organ-nul", "POST", "/api/v1/convenios", lambda w: convenio(w, organ=NUL)),
    ("convenio-parent-2^63", "POST", "/api/v1/convenios", lambda w: convenio(w, parent=BIG_ID)),
    ("convenio-url-nul", "PATCH", "/api/v1/convenios/{c}", {"url": "https://x/\x00"}),
    (
        "convenio-event-year-0",
        "POST",
        "/api/v1/convenios/{c}/events",
        {"event": "sign", "signed_on": "0001-01-01"},
    ),
    ("activity-area-nul", "POST", "/api/v1/activities", lambda w: activity(w, area=NUL)),
    ("activity-key-newline", "POST", "/api/v1/activities", lambda w: activity(w, key="A\n1")),
    (
        "activity-due-9999",
        "POST",
        "/api/v1/activities",
        lambda w: activity(w, due_date="9999-12-31"),
    ),
    (
        "activity-convenio-2^63",
        "POST",
        "/api/v1/activities",
        lambda w: activity(w, convenio=BIG_ID),
    ),
    ("meeting-number-10^6", "POST", "/api/v1/meetings", lambda w: meeting(w, number=10**6)),
    ("meeting-year-9999", "POST", "/api/v1/meetings", lambda w: meeting(w, year=9999)),
    ("meeting-date-year-0", "POST", "/api/v1/meetings", lambda w: meeting(w, date="0000-12-31")),
    ("meeting-date-9999", "POST", "/api/v1/meetings", lambda w: meeting(w, date="9999-12-31")),
    ("meeting-organ-nul", "POST", "/api/v1/meetings", lambda w: meeting(w, organ=NUL)),
    ("meeting-kind-long", "POST", "/api/v1/meetings", lambda w: meeting(w, kind=HUGE)),
    ("meeting-agenda-nul", "POST", "/api/v1/meetings", lambda w: meeting(w, agenda=[NUL])),
    (
        "meeting-agenda-many-subpoints",
        "POST",
        "/api/v1/meetings",
        lambda w: meeting(w, agenda=[{"text": "Informes", "items": ["i"] * 27}]),
    ),
    (
        "minutes-approved-in-2^63",
        "POST",
        "/api/v1/meetings/{m}/minutes/events",
        {"event": "approve", "approved_in": BIG_ID},
    ),
    (
        "minutes-note-nul",
        "POST",
        "/api/v1/meetings/{m}/minutes/events",
        {"event": "x", "note": NUL},
    ),
    ("day-9999", "POST", "/api/v1/calendar/days", {"date": "9999-12-31", "reason": "r"}),
    ("day-reason-nul", "POST", "/api/v1/calendar/days", {"date": "2024-05-02", "reason": NUL}),
    ("day-reason-long", "POST", "/api/v1/calendar/days", {"date": "2024-05-02", "reason": HUGE}),
    ("day-path-9999", "PATCH", "/api/v1/calendar/days/9999-12-31", {"reason": "r"}),
    ("day-path-year-0", "DELETE", "/api/v1/calendar/days/0000-01-01", None),
    (
        "period-year-1",
        "POST",
        "/api/v1/calendar/periods",
        {"name": "P", "start": "0001-01-01", "end": "2024-01-01"},
    ),
    ("period-2^63", "PATCH", f"/api/v1/calendar/periods/{BIG_ID}", {"name": "P"}),
    ("organ-code-space", "POST", "/api/v1/organs", {"code": "C G", "name": "Consejo"}),
    ("organ-name-nul", "POST", "/api/v1/organs", {"code": "CX", "name": NUL}),
    (
        "organ-valid-9999",
        "POST",
        "/api/v1/organs",
        {"code": "CX", "name": "C", "valid_until": "9999-12-31"},
    ),
    ("area-code-control", "POST", "/api/v1/areas", {"code": "\x07AR", "name": "Área"}),
    ("area-name-long", "POST", "/api/v1/areas", {"code": "AR", "name": HUGE}),
    (
        "user-name-nul",
        "POST",
        "/api/v1/users",
        {"email": "n@ejemplo.mx", "name": NUL, "role": "member"},
    ),
    (
        "user-area-nul",
        "POST",
        "/api/v1/users",
        {"email": "n@ejemplo.mx", "name": "N", "role": "area", "area": NUL},
    ),
    ("checks-9999", "POST", "/api/v1/checks/run", {"date": "9999-12-31"}),
    (
        "report-cut-off-9999",
        "POST",
        "/api/v1/convenios/{c}/progress-reports",
        {"cut_off": "9999-12-31"},
    ),
]

QUERIES: list[tuple[str, str]] = [
    ("list-offset-negative", "/api/v1/agreements?offset=-1"),
    ("list-offset-2^63", f"/api/v1/agreements?offset={BIG_ID}"),
    ("list-limit-2^63", f"/api/v1/convenios?limit={BIG_ID}"),
    ("list-area-nul", "/api/v1/agreements?area=a%00b"),
    ("list-organ-long", f"/api/v1/convenios?organ={'o' * 1000}"),
    ("list-q-nul", "/api/v1/activities?q=a%00b"),
    ("list-q-long", f"/api/v1/activities?q={'q' * 10_000}"),
    ("list-state-long", f"/api/v1/agreements?state={'s' * 1000}"),
    ("list-state-unknown", "/api/v1/agreements?state=nada"),
    ("list-meeting-2^63", f"/api/v1/agreements?meeting={BIG_ID}"),
    ("convenio-activities-offset", f"/api/v1/convenios/{{c}}/activities?offset={BIG_ID}"),
    ("detail-2^63", f"/api/v1/agreements/{BIG_ID}"),
    ("detail-negative", "/api/v1/activities/-1"),
    ("meetings-year-9999", "/api/v1/meetings?year=9999"),
    ("meetings-organ-nul", "/api/v1/meetings?organ=a%00"),
    ("meeting-2^63", f"/api/v1/meetings/{BIG_ID}"),
    ("report-2^63", f"/api/v1/meetings/{BIG_ID}/report"),
    ("calendar-year-0", "/api/v1/calendar?year=0"),
    ("business-days-start-9999", "/api/v1/calendar/business-days?start=9999-12-31&n=1"),
    ("business-days-n-10^9", f"/api/v1/calendar/business-days?start=2024-01-01&n={10**9}"),
    ("business-days-result-after-2200", "/api/v1/calendar/business-days?start=2200-12-01&n=3000"),
    ("next-agenda-code-nul", "/api/v1/organs/a%00/next-agenda"),
    ("next-agenda-date-9999", "/api/v1/organs/{o}/next-agenda?date=9999-12-31"),
    ("notifications-offset-2^63", f"/api/v1/notifications?offset={BIG_ID}"),
    ("notifications-status-nul", "/api/v1/notifications?status=a%00"),
    ("export-meeting-2^63", f"/api/v1/agreements/export?meeting={BIG_ID}"),
    ("export-area-nul", "/api/v1/agreements/export?area=a%00"),
    ("file-2^63", f"/api/v1/files/{BIG_ID}"),
    ("progress-report-2^63", f"/api/v1/convenios/{{c}}/progress-reports/{BIG_ID}"),
]


def ids(world: World) -> dict[str, Any]:
    return {
        "a": world.agreement.id,
        "c": world.convenio.id,
        "t": world.activity.id,
        "m": world.meeting.id,
        "o": world.meeting.organ.code,
    }


@pytest.mark.parametrize(
    ("method", "path", "body"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_bodies_answer_422_and_change_nothing(
    api: TestClient, world: World, session: Session, method: str, path: str, body: Body
) -> None:
    before = table_counts(session, *MODELS)
    json = body(world) if callable(body) else body
    r = api.request(
        method,
        path.format(**ids(world)),
        json=json,
        headers={**world.admin.headers, "If-Match": f'"{world.agreement.version}"'},
    )
    assert r.status_code == 422, r.text[:500]
    answer = r.json()
    assert answer["code"] == "invalid" and answer["detail"].endswith("."), answer
    assert table_counts(session, *MODELS) == before


@pytest.mark.parametrize("path", [q[1] for q in QUERIES], ids=[q[0] for q in QUERIES])
def test_hostile_queries_and_paths_answer_422(api: TestClient, world: World, path: str) -> None:
    r = api.get(path.format(**ids(world)), headers=world.admin.headers)
    assert r.status_code == 422, r.text[:500]
    assert r.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "path", ["/api/v1/agreements/2147483647", "/api/v1/meetings/2147483647/report"]
)
def test_an_absent_but_valid_id_answers_404(api: TestClient, world: World, path: str) -> None:
    r = api.get(path, headers=world.admin.headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_unknown_codes_in_filters_give_an_empty_list(api: TestClient, world: World) -> None:
    r = api.get("/api/v1/agreements?area=NOEXISTE&organ=NADA", headers=world.admin.headers)
    assert r.status_code == 200 and r.json()["total"] == 0


def test_a_session_number_of_999_gets_its_report_title_in_words(
    api: TestClient, world: World
) -> None:
    r = api.post("/api/v1/meetings", json=meeting(world, number=999), headers=world.admin.headers)
    assert r.status_code == 201, r.text
    report = api.get(f"/api/v1/meetings/{r.json()['id']}/report", headers=world.admin.headers)
    assert report.status_code == 200, report.text
    assert "noningentésima nonagésima novena sesión" in report.text.lower()


# --- pages: the page's own 422, never a 500 ---------------------------------------------------

PAGE_QUERIES = [
    "/acuerdos?pagina=99999999999999999999",
    "/acuerdos?pagina=%C2%B2",
    "/acuerdos?pagina=-3",
    "/acuerdos?sesion=99999999999999999999",
    "/acuerdos?sesion=%C2%B2",
    "/acuerdos?area=a%00b",
    f"/convenios?q={'q' * 1000}",
    "/convenios?organo=a%00",
]


@pytest.mark.parametrize("path", PAGE_QUERIES)
def test_list_pages_answer_their_own_422_for_hostile_queries(
    api: TestClient, make: Factory, path: str
) -> None:
    sign_in(api, person(make, "member"))
    r = api.get(path)
    assert r.status_code == 422, r.text[:500]
    assert "text/html" in r.headers["content-type"] and "Datos no válidos" in r.text


FORM_POSTS: list[tuple[str, str, dict[str, str]]] = [
    ("eventos", "deadline-9999", {"event": "reschedule", "deadline": "9999-12-31"}),
    ("eventos", "deadline-year-1", {"event": "reschedule", "deadline": "0001-01-01"}),
    ("eventos", "note-nul", {"event": "reschedule", "deadline": "2024-07-01", "note": NUL}),
    ("eventos", "version-superscript", {"event": "x", "version": "²"}),
    ("avances", "note-nul", {"note": NUL}),
    ("avances", "note-long", {"note": HUGE}),
    ("avances", "progress-superscript", {"note": "n", "progress": "²"}),
    ("avances", "progress-10^20", {"note": "n", "progress": "1" + "0" * 20}),
    ("avances", "url-long", {"note": "n", "evidence_url": "https://x/" + HUGE}),
]


@pytest.mark.parametrize(
    ("action", "data"),
    [(f[0], f[2]) for f in FORM_POSTS],
    ids=[f"{f[0]}-{f[1]}" for f in FORM_POSTS],
)
def test_page_forms_show_hostile_input_again_with_a_4xx(
    api: TestClient, make: Factory, session: Session, action: str, data: dict[str, str]
) -> None:
    area = make.area()
    item = make.agreement([area])
    token = sign_in(api, person(make, "secretariat"))
    before = table_counts(session, *MODELS)
    r = api.post(f"/acuerdos/{item.id}/{action}", data={"csrf_token": token, **data})
    assert 400 <= r.status_code < 500, r.text[:500]
    assert "text/html" in r.headers["content-type"]
    assert table_counts(session, *MODELS) == before


# --- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize("at", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_check_at_a_date_outside_1900_2200_is_a_usage_error(at: str) -> None:
    result = CliRunner().invoke(cli.app, ["check", "--at", at])
    assert result.exit_code == 2, result.output
    assert f"--at debe ser una fecha entre 1900-01-01 y 2200-12-31; recibí «{at}»." in result.output


def test_a_deeply_nested_body_is_refused_in_spanish(api: TestClient, world: World) -> None:
    r = api.post(
        "/api/v1/agreements",
        content="[" * 100_000 + "]" * 100_000,
        headers={**world.admin.headers, "content-type": "application/json"},
    )
    assert r.status_code == 400 and "anidado" in r.json()["detail"]


def test_an_if_match_of_thousands_of_digits_answers_422(api: TestClient, world: World) -> None:
    """Python refuses to parse an integer of more than 4300 digits: the header is refused first."""
    agreement = world.agreement
    r = api.patch(
        f"/api/v1/agreements/{agreement.id}",
        json={"title": "Otro título"},
        headers={**world.secretariat.headers, "If-Match": '"' + "9" * 5000 + '"'},
    )
    assert r.status_code == 422, r.text
    assert "If-Match" in r.json()["detail"]
