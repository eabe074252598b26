"""`/admin/areas` and `/admin/organos`: admins only, CSRF, refused forms shown again with nothing
saved, the Teams webhook (https only) tried with a test card, and a webhook set in the page that
receives the next alert; the same fields by `PATCH`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from notifications import dispatcher, fanout
from tests.api.signin import person, sign_in
from tests.factories import Factory
from tests.mailserver import TeamsReceiver, free_port, teams_receiver
from workflow import checks
from workflow.directory import unit_fields
from workflow.engine.errors import Invalid
from workflow.models import Area, Delivery, Organ
from workflow.runtime.clock import Clock
from workflow.runtime.db import session_factory
from workflow.runtime.settings import Settings

ADMIN_PAGES = ("/admin/areas", "/admin/organos")


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """The app of these tests accepts a webhook on this machine over plain http (the receiver)."""
    return Settings(
        database_url=db_url,
        files_dir=tmp_path / "archivos",
        base_url="http://seguimiento.test",
        teams_allow_local_http=True,
        teams_timeout=5.0,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def teams() -> Iterator[TeamsReceiver]:
    with teams_receiver() as receiver:
        yield receiver


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("role", ["area", "member", "secretariat"])
def test_only_admins_reach_the_catalogue_pages(api: TestClient, make: Factory, role: str) -> None:
    area = make.area("UTVOE")
    make.organ("CPVOE")
    token = sign_in(api, person(make, role, area if role == "area" else None))
    for path in ADMIN_PAGES:
        assert api.get(path).status_code == 403
        assert api.get(f"{path}/UTVOE" if "areas" in path else f"{path}/CPVOE").status_code == 403
        r = api.post(path, data={"csrf_token": token, "code": "NUEVA", "name": "Nueva"})
        assert r.status_code == 403 and "No tiene permiso" in r.text
    r = api.post("/admin/areas/UTVOE", data={"csrf_token": token, "name": "Otro nombre"})
    assert r.status_code == 403
    make.session.refresh(area)
    assert area.name == "Área de prueba" and count(make.session, Area) == 1


def test_a_form_without_its_csrf_token_changes_nothing(api: TestClient, make: Factory) -> None:
    sign_in(api, person(make, "admin"))
    for data in ({}, {"csrf_token": "falsificado"}):
        r = api.post("/admin/areas", data={**data, "code": "NUEVA", "name": "Nueva"})
        assert r.status_code == 403 and "código de seguridad" in r.text
    assert count(make.session, Area) == 0


def test_admin_registers_an_area_with_its_webhook(
    api: TestClient, make: Factory, teams: TeamsReceiver
) -> None:
    token = sign_in(api, person(make, "admin"))
    assert "Registrar área" in api.get("/admin/areas").text
    r = api.post(
        "/admin/areas",
        data={"csrf_token": token, "code": "utvoe", "name": "Unidad Técnica", **hook(teams)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/admin/areas/UTVOE"
    area = make.session.scalar(select(Area).where(Area.code == "UTVOE"))
    assert area is not None and area.teams_webhook_url == teams.url
    page = api.get("/admin/areas/UTVOE").text
    assert "Se creó el área UTVOE." in page and "Enviar tarjeta de prueba" in page
    assert "secreto" not in page, "the webhook's signature is never shown"
    assert "UTVOE" in api.get("/admin/areas").text


def hook(teams: TeamsReceiver) -> dict[str, str]:
    return {"teams_webhook_url": teams.url}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"code": "NUEVA", "name": "", "teams_webhook_url": ""}, "El nombre debe ser"),
        (
            {"code": "NUEVA", "name": "Nueva", "teams_webhook_url": "http://teams.example.mx/w"},
            "debe empezar con https://",
        ),
        ({"code": "NUEVA", "name": "Nueva", "teams_webhook_url": "https://a:b@x.mx/w"}, "https://"),
        ({"code": "NUE VA", "name": "Nueva"}, "La clave debe tener"),
        ({"code": "Ñ", "name": "Nueva"}, "La clave debe tener"),
        ({"code": "X" * 33, "name": "Nueva"}, "La clave debe tener"),
        ({"code": "UTVOE", "name": "Repetida"}, "Ya existe un área con clave «UTVOE»"),
    ],
)
def test_a_refused_new_area_is_shown_again_and_nothing_is_saved(
    api: TestClient, make: Factory, data: dict[str, str], words: str
) -> None:
    make.area("UTVOE")
    token = sign_in(api, person(make, "admin"))
    r = api.post("/admin/areas", data={"csrf_token": token, **data})
    assert r.status_code in (409, 422), r.text
    assert words in r.text and "No se guardó" in r.text
    assert f'value="{data["name"]}"' in r.text, "what was typed comes back"
    assert count(make.session, Area) == 1


def test_a_refused_edit_keeps_the_stored_webhook_and_name(
    api: TestClient, make: Factory, teams: TeamsReceiver
) -> None:
    area = make.area("UTVOE")
    area.teams_webhook_url = teams.url
    token = sign_in(api, person(make, "admin"))
    r = api.post(
        "/admin/areas/utvoe",
        data={"csrf_token": token, "name": "Otro", "teams_webhook_url": "http://x.mx/w"},
    )
    assert r.status_code == 422 and "https://" in r.text and 'value="Otro"' in r.text
    make.session.refresh(area)
    assert (area.name, area.teams_webhook_url) == ("Área de prueba", teams.url)
    kept = api.post(
        "/admin/areas/UTVOE", data={"csrf_token": token, "name": "Otro", "teams_webhook_url": ""}
    )
    assert kept.status_code == 200 and "Se guardaron los cambios" in kept.text
    make.session.refresh(area)
    assert (area.name, area.teams_webhook_url) == ("Otro", teams.url), "blank keeps the webhook"
    api.post(
        "/admin/areas/UTVOE", data={"csrf_token": token, "name": "Otro", "remove_webhook": "1"}
    )
    make.session.refresh(area)
    assert area.teams_webhook_url is None


def test_admin_sets_an_organs_standing_agenda_items(api: TestClient, make: Factory) -> None:
    organ = make.organ("CPVOE")
    token = sign_in(api, person(make, "admin"))
    items = "Aprobación del orden del día.\n\n  Seguimiento de acuerdos.  \r\nAsuntos generales."
    r = api.post(
        "/admin/organos/CPVOE",
        data={"csrf_token": token, "name": "Comisión", "standing_items": items},
    )
    assert r.status_code == 200 and "Se guardaron los cambios de CPVOE." in r.text
    make.session.refresh(organ)
    assert organ.standing_items == [
        "Aprobación del orden del día.",
        "Seguimiento de acuerdos.",
        "Asuntos generales.",
    ]
    too_many = "\n".join(f"Punto {i}" for i in range(31))
    r = api.post(
        "/admin/organos/CPVOE",
        data={"csrf_token": token, "name": "Comisión", "standing_items": too_many},
    )
    assert r.status_code == 422 and "como máximo 30 puntos fijos" in r.text
    make.session.refresh(organ)
    assert len(organ.standing_items) == 3


def test_the_test_card_reaches_the_webhook_or_says_why_not(
    api: TestClient, make: Factory, teams: TeamsReceiver
) -> None:
    area = make.area("UTVOE")
    area.teams_webhook_url = teams.url
    token = sign_in(api, person(make, "admin"))
    r = api.post("/admin/areas/UTVOE/prueba", data={"csrf_token": token})
    assert r.status_code == 200 and "El webhook recibió la tarjeta de prueba" in r.text
    card = teams.received[0]["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Tarjeta de prueba de Seguimiento"
    teams.script = [(404, {})]
    r = api.post("/admin/areas/UTVOE/prueba", data={"csrf_token": token})
    assert "La tarjeta de prueba no se entregó. El webhook de Teams no existe (404)" in r.text
    area.teams_webhook_url = f"http://127.0.0.1:{free_port()}/nadie"
    make.session.flush()
    r = api.post("/admin/areas/UTVOE/prueba", data={"csrf_token": token})
    assert r.status_code == 200 and "No se pudo conectar con el webhook (127.0.0.1)" in r.text


def test_a_webhook_set_in_the_page_gets_the_next_alert(
    api: TestClient,
    make: Factory,
    session: Session,
    settings: Settings,
    connection: Connection,
    teams: TeamsReceiver,
) -> None:
    area = make.area("UTVOE")
    late = make.agreement([area], deadline=date(2024, 6, 7), title="Presentar el calendario")
    token = sign_in(api, person(make, "admin"))
    r = api.post(
        "/admin/areas/UTVOE",
        data={"csrf_token": token, "name": area.name, "teams_webhook_url": teams.url},
    )
    assert r.status_code == 200 and "Se guardaron los cambios" in r.text
    day = Clock.on(date(2024, 6, 11), settings.tz)
    checks.run(session=session, clock=day, settings=settings)
    fanout.fan_out(session=session, settings=settings, clock=day)
    dispatcher.run(factory=session_factory(connection), settings=settings, clock=day)
    cards = [m["attachments"][0]["content"] for m in teams.received]
    assert [c["body"][0]["text"] for c in cards] == [
        f"2 días hábiles de atraso: Presentar el calendario ({late.key})"
    ]
    sent = session.scalars(select(Delivery).where(Delivery.channel == "teams")).all()
    assert sent and all(d.status == "sent" and d.address == teams.url for d in sent)


def test_plain_http_to_this_machine_needs_the_setting() -> None:
    with pytest.raises(Invalid):
        unit_fields.teams_webhook("http://127.0.0.1:8080/w")
    assert unit_fields.teams_webhook("http://127.0.0.1:8080/w", allow_local_http=True)
    with pytest.raises(Invalid):
        unit_fields.teams_webhook("http://10.0.0.1/w", allow_local_http=True)


def test_admin_patches_an_organs_standing_items_by_api(
    api: TestClient, make: Factory, session: Session
) -> None:
    make.organ("CPVOE")
    admin = make.person("admin")
    url = "/api/v1/organs/cpvoe"
    r = api.patch(url, json={"standing_items": ["Asuntos generales."]}, headers=admin.headers)
    assert r.status_code == 200, r.text
    assert r.json()["standing_items"] == ["Asuntos generales."]
    organ = session.scalar(select(Organ).where(Organ.code == "CPVOE"))
    assert organ is not None and organ.standing_items == ["Asuntos generales."]
    for bad in (["línea\nrota"], [""], ["x"] * 31, "Asuntos generales."):
        refused = api.patch(url, json={"standing_items": bad}, headers=admin.headers)
        assert refused.status_code == 422, (bad, refused.text)
    area = make.area("UTVOE")
    refused = api.patch(
        f"/api/v1/areas/{area.code}", json={"standing_items": []}, headers=admin.headers
    )
    assert refused.status_code == 422
    secretariat = make.person("secretariat")
    assert (
        api.patch(url, json={"standing_items": []}, headers=secretariat.headers).status_code == 403
    )
    session.refresh(organ)
    assert organ.standing_items == ["Asuntos generales."]
