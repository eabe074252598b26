"""The API as a contract: `/openapi.json` is valid OpenAPI, every operation is named in
`api.contract`, and any change to it shows as a diff against the committed copy."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from api import contract
from api.openapi_document import comparable
from tests.api.core_world import World, agreement_url, assert_error

COPY = Path(__file__).with_name("openapi.json")
REFRESH = "python -m api.contract > tests/api/openapi.json"


def served(api: TestClient) -> dict[str, Any]:
    response = api.get("/openapi.json")
    assert response.status_code == 200, response.text
    doc: dict[str, Any] = response.json()
    return doc


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, methods in doc["paths"].items()
        for method, op in methods.items()
    ]


def test_the_served_document_is_valid_openapi(api: TestClient) -> None:
    validate(served(api))


def test_the_contract_is_the_committed_copy(api: TestClient) -> None:
    now = comparable(served(api))
    before = COPY.read_text(encoding="utf-8")
    if now != before:
        diff = "".join(
            list(
                difflib.unified_diff(
                    before.splitlines(keepends=True),
                    now.splitlines(keepends=True),
                    "tests/api/openapi.json (committed)",
                    "/openapi.json (served)",
                )
            )[:200]
        )
        raise AssertionError(
            "The API contract changed. If the change is intended, refresh the copy with\n"
            f"    {REFRESH}\nand commit it with the change.\n\n{diff}"
        )


def test_every_route_has_an_operation_in_the_contract_table(api: TestClient) -> None:
    missing = [
        f"{method} {path}"
        for method, path, _op in operations(served(api))
        if (method, path) not in contract.BY_ROUTE
    ]
    assert not missing, (
        "These routes have no operation id in api/contract.py: "
        + ", ".join(missing)
        + ".\n"
        + contract.HOW_TO_ADD
    )


def test_every_operation_in_the_table_is_a_route(api: TestClient) -> None:
    routes = {(method, path) for method, path, _op in operations(served(api))}
    stale = [f"{i} ({o.method} {o.path})" for i, o in contract.OPERATIONS.items()
             if (o.method, o.path) not in routes]  # fmt: skip
    assert not stale, "Rows of api/contract.py that name no route: " + ", ".join(stale)


def test_operations_have_stable_ids_spanish_summaries_and_described_tags(
    api: TestClient,
) -> None:
    doc = served(api)
    fire = doc["paths"]["/api/v1/agreements/{item_id}/events"]["post"]
    assert fire["operationId"] == "agreements.fire_event"
    assert fire["summary"] == "Aplicar un evento del ciclo de vida a un acuerdo"
    described = {t["name"] for t in doc["tags"] if t.get("description")}
    for _method, _path, op in operations(doc):
        assert set(op["tags"]) <= described, op["operationId"]


def test_each_route_declares_only_the_errors_it_can_answer(api: TestClient) -> None:
    paths = served(api)["paths"]
    assert set(paths["/healthz"]["get"]["responses"]) == {"200"}
    assert set(paths["/api/v1/calendar/days"]["get"]["responses"]) == {"200", "401"}
    fire = paths["/api/v1/agreements/{item_id}/events"]["post"]["responses"]
    assert set(fire) == {"200", "400", "401", "403", "404", "409", "412", "413", "422"}
    problem = "application/problem+json"
    assert fire["409"]["content"][problem]["schema"]["$ref"].endswith("/TransitionRefused")
    assert fire["422"]["content"][problem]["schema"]["$ref"].endswith("/InvalidBody")


def test_the_409_and_422_bodies_are_in_the_schema(api: TestClient) -> None:
    schemas = served(api)["components"]["schemas"]
    rfc = {"type", "title", "status", "detail", "instance", "code"}
    assert rfc | {"state", "allowed_events"} <= set(schemas["TransitionRefused"]["properties"])
    assert rfc | {"errors"} <= set(schemas["InvalidBody"]["properties"])


def test_etag_and_if_match_are_declared_where_routes_use_them(api: TestClient) -> None:
    paths = served(api)["paths"]
    fire = paths["/api/v1/agreements/{item_id}/events"]["post"]
    assert "ETag" in fire["responses"]["200"]["headers"]
    assert "if-match" in {p["name"].lower() for p in fire["parameters"] if p["in"] == "header"}
    listing = paths["/api/v1/agreements"]["get"]
    assert "headers" not in listing["responses"]["200"]


def test_a_refused_event_is_problem_json_with_state_and_allowed_events(
    api: TestClient, world: World
) -> None:
    r = api.post(
        agreement_url(world) + "/events",
        json={"event": "confirm"},
        headers=world.secretariat.headers,
    )
    body = assert_error(r, 409, "transition_not_allowed")
    assert body["title"] == "Conflicto"
    assert body["instance"] == f"/api/v1/agreements/{world.agreement.id}/events"
    assert body["state"] == "approved" and "start" in body["allowed_events"]


def test_invalid_fields_are_problem_json_with_one_error_per_field(
    api: TestClient, world: World
) -> None:
    r = api.post(agreement_url(world) + "/events", json={}, headers=world.secretariat.headers)
    body = assert_error(r, 422, "invalid")
    assert body["errors"] == [{"field": "event", "message": "«event» es obligatorio"}]


def test_pages_keep_their_html_error_pages(api: TestClient, world: World) -> None:
    r = api.get("/no-existe", headers=world.secretariat.headers)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "problem" not in r.headers["content-type"]
    ics = served(api)["paths"]["/calendario/{secret}.ics"]["get"]["responses"]
    assert set(ics["404"]["content"]) == {"text/html"}, "a page path answers an HTML page"
