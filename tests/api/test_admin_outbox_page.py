"""`/admin/avisos`: the outbox for admins — statuses, reasons in Spanish, filters, pages, and
retrying failed messages with the form's CSRF token."""

from __future__ import annotations

import itertools
import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from notifications import failures
from tests.api.signin import person, sign_in
from tests.factories import Factory
from workflow.models import Delivery

_seq = itertools.count(1)


def delivery(make: Factory, **kw: object) -> Delivery:
    n = next(_seq)
    row = Delivery(
        key=f"prueba-avisos-{n}",
        channel=kw.pop("channel", "email"),
        address=kw.pop("address", f"persona{n}@prueba.mx"),
        recipient_name=kw.pop("recipient_name", f"Persona {n}"),
        kind="agreement.overdue",
        subject=kw.pop("subject", f"Aviso {n}"),
        body_text="Texto",
        next_attempt_at=make.clock.now(),
        status=kw.pop("status", "pending"),
        **kw,
    )
    make.session.add(row)
    make.session.flush()
    return row


def test_an_area_head_or_a_member_gets_403_on_the_outbox(api: TestClient, make: Factory) -> None:
    area = make.area()
    failed = delivery(make, status="failed", attempts=8)
    for someone in (person(make, "area", area), person(make, "member")):
        token = sign_in(api, someone)
        assert api.get("/admin/avisos").status_code == 403
        r = api.post(f"/admin/avisos/{failed.id}/reintentar", data={"csrf_token": token})
        assert r.status_code == 403
        assert api.post("/admin/avisos/reintentar", data={"csrf_token": token}).status_code == 403
        api.post("/logout", data={"csrf_token": token})
    make.session.refresh(failed)
    assert failed.status == "failed" and failed.attempts == 8


def test_the_admin_reads_each_status_with_the_reason_in_plain_spanish(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    agreement = make.agreement([area])
    delivery(make, subject="Aviso pendiente")
    delivery(make, subject="Aviso enviado", status="sent", attempts=1, sent_at=make.clock.now())
    delivery(
        make,
        subject="Aviso de Teams fallido",
        channel="teams",
        address="https://prod.example.com/workflows/abc/triggers/manual/paths/invoke?sig=SECRETO",
        recipient_name="Canal de Teams",
        status="failed",
        attempts=8,
        failure="permanent",
        item_kind="agreement",
        item_id=agreement.id,
        last_error=failures.webhook_status(400, '{"error": {"code": "InvalidRequestContent"}}'),
    )
    sign_in(api, person(make, "admin"))
    r = api.get("/admin/avisos")
    assert r.status_code == 200, r.text
    html = r.text
    for shown in ("Aviso pendiente", "Aviso enviado", "Aviso de Teams fallido"):
        assert shown in html
    assert "Teams rechazó el mensaje (400): revise la dirección del webhook." in html
    assert "<summary>Detalle técnico</summary>" in html and "InvalidRequestContent" in html
    assert "prod.example.com" in html and "SECRETO" not in html, "a webhook's path is a secret"
    assert f'href="/acuerdos/{agreement.id}"' in html

    failed_only = api.get("/admin/avisos?estado=failed").text
    assert "Aviso de Teams fallido" in failed_only and "Aviso pendiente" not in failed_only
    by_item = api.get(f"/admin/avisos?tipo=agreement&asunto={agreement.id}").text
    assert "Aviso de Teams fallido" in by_item and "Aviso enviado" not in by_item
    by_recipient = api.get("/admin/avisos?destinatario=canal de TEAMS").text
    assert "Aviso de Teams fallido" in by_recipient and "Aviso enviado" not in by_recipient
    for bad in ("estado=perdido", "asunto=cero", "antes=-3", "tipo=minutes", "destinatario=%00"):
        assert api.get(f"/admin/avisos?{bad}").status_code == 422, bad


def test_the_outbox_pages_by_the_last_row_seen(api: TestClient, make: Factory) -> None:
    rows = [delivery(make, subject=f"Aviso paginado {i:02d}") for i in range(30)]
    sign_in(api, person(make, "admin"))
    first = api.get("/admin/avisos?destinatario=Persona").text
    assert "Aviso paginado 29" in first and "Aviso paginado 05" in first
    assert "Aviso paginado 04" not in first
    older = re.search(r'href="(/admin/avisos\?[^"]*antes=(\d+)[^"]*)" rel="next"', first)
    assert older and int(older.group(2)) == rows[5].id
    second = api.get(older.group(1).replace("&amp;", "&")).text
    assert "Aviso paginado 04" in second and "Aviso paginado 00" in second
    assert "Aviso paginado 05" not in second and 'rel="next"' not in second


def test_retrying_a_failed_delivery_puts_it_back_in_the_queue(
    api: TestClient, make: Factory, session: Session
) -> None:
    failed = delivery(
        make,
        status="failed",
        attempts=8,
        failure="transient",
        last_error=failures.recipient_refused("452 buzón lleno", for_good=False),
    )
    sent = delivery(make, status="sent", attempts=1)
    token = sign_in(api, person(make, "admin"))

    assert api.post(f"/admin/avisos/{failed.id}/reintentar", data={}).status_code == 403
    session.refresh(failed)
    assert failed.status == "failed", "a form without its CSRF token changes nothing"

    r = api.post(
        f"/admin/avisos/{failed.id}/reintentar",
        data={"csrf_token": token, "volver": "estado=failed&destinatario=x"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/admin/avisos?estado=failed&destinatario=x"
    session.refresh(failed)
    assert (failed.status, failed.attempts) == ("pending", 0)
    assert "volvió a la cola" in api.get(r.headers["location"]).text

    again = api.post(f"/admin/avisos/{sent.id}/reintentar", data={"csrf_token": token})
    assert again.status_code == 422 and "Solo se reintentan los envíos fallidos" in again.text
    missing = api.post("/admin/avisos/999999/reintentar", data={"csrf_token": token})
    assert missing.status_code == 404


def test_retry_all_requeues_every_failed_delivery(
    api: TestClient, make: Factory, session: Session
) -> None:
    failed = [delivery(make, status="failed", attempts=8) for _ in range(3)]
    token = sign_in(api, person(make, "admin"))
    assert "Reintentar los 3 fallidos" in api.get("/admin/avisos").text
    assert api.post("/admin/avisos/reintentar", data={}).status_code == 403
    r = api.post(
        "/admin/avisos/reintentar",
        data={"csrf_token": token, "volver": "https://malo.example/"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/admin/avisos"
    for row in failed:
        session.refresh(row)
        assert (row.status, row.attempts) == ("pending", 0)
