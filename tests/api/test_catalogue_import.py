"""Areas and organs by spreadsheet: the Teams webhook and standing agenda items columns, held to
the rules of `PATCH` (https, admins only), exported without the webhook's signature."""

from __future__ import annotations

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import Factory, Person
from tests.workflow.transfer_files import csv_bytes
from workflow.models import Area, Organ

HOOK = "https://prod-12.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke"
SIGNED = HOOK + "?sig=s3cr3t"


def upload(api: TestClient, who: Person, kind: str, rows: list[list[str]]) -> Response:
    return api.post(
        f"/api/v1/{kind}/import",
        files={"file": (f"{kind}.csv", csv_bytes(rows), "text/csv")},
        headers=who.headers,
    )


def test_admin_imports_areas_with_their_teams_webhook(
    api: TestClient, make: Factory, session: Session
) -> None:
    admin = make.person("admin")
    existing = make.area("UTVOE")
    rows = [
        ["clave", "nombre", "Webhook de Teams"],
        ["UTVOE", "Área de prueba", SIGNED],
        ["DEOEYG", "Dirección de Organización", SIGNED.replace("abc", "def")],
        ["DECEYEC", "Dirección de Capacitación", ""],
    ]
    r = upload(api, admin, "areas", rows)
    assert r.status_code == 200, r.text
    session.refresh(existing)
    assert existing.teams_webhook_url == SIGNED
    new = session.scalar(select(Area).where(Area.code == "DEOEYG"))
    assert new is not None and new.teams_webhook_url == SIGNED.replace("abc", "def")
    exported = api.get("/api/v1/areas/export", headers=admin.headers).content.decode("utf-8-sig")
    assert HOOK in exported and "s3cr3t" not in exported
    again = upload(
        api,
        admin,
        "areas",
        [["clave", "nombre", "webhook de teams"], ["UTVOE", "Área de prueba", HOOK]],
    )
    assert again.status_code == 200, again.text
    session.refresh(existing)
    assert existing.teams_webhook_url == SIGNED, "the exported file carries the webhook back intact"


def test_a_plain_http_webhook_in_a_file_is_refused_by_row_and_column(
    api: TestClient, make: Factory, session: Session
) -> None:
    admin = make.person("admin")
    rows = [
        ["clave", "nombre", "webhook"],
        ["UTVOE", "Unidad", "http://prod.logic.azure.com/workflows/x"],
    ]
    r = upload(api, admin, "areas", rows)
    assert r.status_code == 422
    (problem,) = r.json()["problems"]
    assert (problem["row"], problem["column"]) == (2, "webhook")
    assert "https://" in problem["expected"]
    assert session.scalar(select(Area)) is None


def test_only_an_admin_sets_webhooks_or_standing_items_by_file(
    api: TestClient, make: Factory, session: Session
) -> None:
    secretariat = make.person("secretariat")
    rows = [["clave", "nombre", "webhook de teams"], ["UTVOE", "Unidad", SIGNED]]
    r = upload(api, secretariat, "areas", rows)
    assert r.status_code == 422 and "solo la administración" in r.text
    ok = upload(api, secretariat, "areas", [["clave", "nombre"], ["UTVOE", "Unidad"]])
    assert ok.status_code == 200
    assert session.scalar(select(Area.teams_webhook_url)) is None


def test_admin_imports_an_organs_standing_agenda_items(
    api: TestClient, make: Factory, session: Session
) -> None:
    admin = make.person("admin")
    rows = [
        ["clave", "nombre", "puntos fijos del orden del día"],
        ["CPVOE", "Comisión", "Seguimiento de acuerdos.; Asuntos generales."],
    ]
    r = upload(api, admin, "organs", rows)
    assert r.status_code == 200, r.text
    organ = session.scalar(select(Organ).where(Organ.code == "CPVOE"))
    assert organ is not None
    assert organ.standing_items == ["Seguimiento de acuerdos.", "Asuntos generales."]
    exported = api.get("/api/v1/organs/export", headers=admin.headers).content.decode("utf-8-sig")
    assert "Seguimiento de acuerdos.; Asuntos generales." in exported
