"""What an operator sees: one log line per request naming it, and figures for Prometheus."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.api.core_world import World, agreement_url
from workflow.runtime import logs


def _metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the Prometheus text, 0 when absent."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    return 0.0


def test_metrics_count_requests_by_route_template_and_events_by_lifecycle(
    api: TestClient, world: World
) -> None:
    before = api.get("/metrics").text
    url = agreement_url(world)
    assert api.get(url, headers=world.member.headers).status_code == 200
    fired = api.post(url + "/events", json={"event": "start"}, headers=world.own_head.headers)
    assert fired.status_code == 200, fired.text
    scraped = api.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    after = scraped.text
    labels = {"method": "GET", "route": "/api/v1/agreements/{item_id}", "status": "200"}
    assert _metric(after, "seguimiento_http_requests_total", **labels) == (
        _metric(before, "seguimiento_http_requests_total", **labels) + 1
    )
    fired_labels = {"lifecycle": "agreement", "event": "start"}
    assert _metric(after, "seguimiento_events_fired_total", **fired_labels) == (
        _metric(before, "seguimiento_events_fired_total", **fired_labels) + 1
    )
    assert f'route="{url}"' not in after  # one series per route, never one per item
    # the queue's depth is published for every status a message can wait in, and every channel
    for status in ("pending", "failed"):
        for channel in ("email", "inapp", "teams"):
            assert f'seguimiento_outbox_messages{{channel="{channel}",status="{status}"}}' in after
    assert "seguimiento_scheduler_leader" in after


def test_every_answer_carries_a_request_id_and_a_sane_one_from_the_proxy_is_kept(
    api: TestClient,
) -> None:
    own = api.get("/healthz")
    assert len(own.headers["x-request-id"]) == 32
    kept = api.get("/healthz", headers={"X-Request-ID": "proxy-42.a_b"})
    assert kept.headers["x-request-id"] == "proxy-42.a_b"
    forged = api.get("/healthz", headers={"X-Request-ID": "x" * 65 + " ; drop"})
    assert forged.headers["x-request-id"] != forged.request.headers["x-request-id"]
    assert api.get("/healthz").json()["version"]


def test_one_log_line_per_request_with_who_what_and_how_long(
    api: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="seguimiento.request")
    answer = api.get(agreement_url(world), headers=world.member.headers)
    missing = api.get("/api/v1/agreements/999999", headers=world.member.headers)
    lines = [r for r in caplog.records if r.name == "seguimiento.request"]
    assert len(lines) == 2
    first, second = lines
    assert first.request_id == answer.headers["x-request-id"]  # type: ignore[attr-defined]
    assert first.user_id == world.member.user.id  # type: ignore[attr-defined]
    assert first.route == "/api/v1/agreements/{item_id}"  # type: ignore[attr-defined]
    assert first.status == 200  # type: ignore[attr-defined]
    assert first.duration_ms >= 0  # type: ignore[attr-defined]
    assert second.status == missing.status_code == 404  # type: ignore[attr-defined]


def test_a_json_line_is_one_object_with_the_request_fields_and_text_reads_plainly() -> None:
    record = logging.LogRecord(
        "seguimiento.request", logging.INFO, __file__, 1, "petición", (), None
    )
    record.route, record.status = "/healthz", 200
    token = logs.REQUEST_ID.set("abc")
    try:
        logs.RequestFields().filter(record)
    finally:
        logs.REQUEST_ID.reset(token)
    line = logs.formatter("json").format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == "petición"
    assert data["level"] == "INFO"
    assert data["logger"] == "seguimiento.request"
    assert data["request_id"] == "abc"
    assert data["route"] == "/healthz" and data["status"] == 200
    assert "user_id" not in data  # nobody signed in: no empty field
    assert logs.formatter("text").format(record).endswith("seguimiento.request: petición")
