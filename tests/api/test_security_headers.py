"""Every response carries the security headers: JSON, errors, files, pages, static, `/docs`."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.context import AppContext
from tests.api.core_world import World, agreement_url

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def assert_protected(r: httpx.Response) -> None:
    csp = r.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, (r.request.url, r.headers)
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert r.headers.get("x-content-type-options") == "nosniff"
    assert r.headers.get("x-frame-options") == "DENY"
    assert r.headers.get("referrer-policy") in ("same-origin", "no-referrer", "strict-origin")


def test_every_kind_of_response_carries_the_security_headers(api: TestClient, world: World) -> None:
    member = world.member.headers
    uploaded = api.post(
        agreement_url(world) + "/updates",
        data={"note": "Oficio"},
        files={"file": ("oficio.pdf", PDF, "application/pdf")},
        headers=world.own_head.headers,
    )
    assert uploaded.status_code == 201, uploaded.text
    responses = {
        "json 200": api.get(agreement_url(world), headers=member),
        "401": api.get("/api/v1/agreements"),
        "404": api.get("/api/v1/agreements/999999", headers=member),
        "404 no route": api.get("/no-existe"),
        "405": api.delete("/healthz"),
        "422": api.post("/api/v1/agreements", json={"x": 1}, headers=world.secretariat.headers),
        "file": api.get(uploaded.json()["file"]["url"], headers=member),
        "page": api.get("/login"),
        "static": api.get("/static/app.css"),
        "docs": api.get("/docs"),
        "docs script": api.get("/docs/init.js"),
        "openapi": api.get("/openapi.json"),
        "healthz": api.get("/healthz"),
    }
    expected = {"401": 401, "404": 404, "404 no route": 404, "405": 405, "422": 422}
    for what, r in responses.items():
        assert r.status_code == expected.get(what, 200), (what, r.status_code, r.text[:200])
        assert_protected(r)
    assert "strict-transport-security" not in responses["healthz"].headers


def test_docs_are_served_from_the_app_not_a_cdn(api: TestClient) -> None:
    page = api.get("/docs").text
    assert "cdn" not in page.lower() and "<script>" not in page
    for src in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        assert src in page
        asset = api.get(src)
        assert asset.status_code == 200 and len(asset.content) > 10_000
        assert_protected(asset)
    assert "/openapi.json" in api.get("/docs/init.js").text


@pytest.fixture
def https_api(app_context: AppContext) -> Iterator[TestClient]:
    app_context.settings = app_context.settings.model_copy(
        update={"base_url": "https://seguimiento.example.mx"}
    )
    with TestClient(create_app(context=app_context)) as client:
        yield client


def test_an_https_site_sends_strict_transport_security(https_api: TestClient) -> None:
    for path in ("/healthz", "/no-existe", "/login"):
        r = https_api.get(path)
        assert "max-age=" in r.headers.get("strict-transport-security", ""), path


def test_an_unexpected_error_carries_the_headers_too(app_context: AppContext) -> None:
    app = create_app(context=app_context)

    @app.get("/falla")
    def boom() -> None:
        raise RuntimeError("un error que no esperábamos")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/falla")
    assert r.status_code == 500
    assert_protected(r)
