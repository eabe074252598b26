"""The admin sets up a commission's catalogues in a real browser: registers an area with its
Teams webhook and tries it with a test card, looks at the organs, declares a non-working day
on the calendar and asks the business-day calculator; axe-core audits every page. An area head
is refused `/admin/*`."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browsing import AREA_HEAD, audit, free_port, sign_in

pytestmark = pytest.mark.e2e

ADMIN = "admin@demo.seguimiento.mx"


def test_admin_registers_an_area_with_a_webhook_and_declares_a_day(page: Page) -> None:
    sign_in(page, ADMIN)
    page.goto("/admin/areas")
    expect(page.get_by_role("heading", name="Áreas", level=1)).to_be_visible()
    audit(page, "admin-01-areas")

    nobody = f"https://127.0.0.1:{free_port()}/workflows/utpruebas/invoke?sig=secreto"
    page.get_by_label("Clave").fill("UTPRUEBAS")
    page.get_by_label("Nombre").fill("Unidad Técnica de Pruebas")
    page.get_by_label("Webhook de Teams (Workflows)").fill("http://teams.example.mx/hook")
    page.get_by_role("button", name="Registrar área").click()
    expect(page.get_by_role("alert")).to_contain_text("debe empezar con https://")
    expect(page.get_by_label("Clave")).to_have_value("UTPRUEBAS")
    page.get_by_label("Webhook de Teams (Workflows)").fill(nobody)
    page.get_by_role("button", name="Registrar área").click()
    expect(page.locator(".flash")).to_contain_text("Se creó el área UTPRUEBAS.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("UTPRUEBAS")
    assert "secreto" not in page.content()
    audit(page, "admin-02-area-editar")

    page.get_by_role("button", name="Enviar tarjeta de prueba").click()
    expect(page.locator(".flash-error")).to_contain_text(
        "La tarjeta de prueba no se entregó. No se pudo conectar con el webhook (127.0.0.1)"
    )

    page.goto("/admin/organos")
    expect(page.get_by_role("cell", name="CPVOE", exact=True)).to_be_visible()
    audit(page, "admin-03-organos")
    page.get_by_role("link", name="Editar CPVOE").click()
    page.get_by_label("Puntos fijos del orden del día").fill(
        "Seguimiento de acuerdos.\nAsuntos generales."
    )
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page.locator(".flash")).to_contain_text("Se guardaron los cambios de CPVOE.")
    audit(page, "admin-04-organo-editar")

    page.goto("/admin/calendario?anio=2024")
    audit(page, "admin-05-calendario")
    page.get_by_label("Fecha").fill("2024-03-28")
    page.get_by_label("Motivo").fill("Jueves Santo")
    page.get_by_label("Referencia").first.fill("IECM/ACU-CG-001/2024")
    page.get_by_role("button", name="Declarar día inhábil").click()
    expect(page.locator(".flash")).to_contain_text("quedó declarado como día inhábil")
    expect(page.locator('td[title="Jueves Santo"]')).to_have_count(1)

    page.get_by_label("Desde el").fill("2024-03-26")
    page.get_by_role("spinbutton", name="Días hábiles").fill("3")
    page.get_by_role("button", name="Calcular").click()
    answer = page.locator(".cal-answer")
    expect(answer).to_contain_text(
        "3 días hábiles después del 26 de marzo de 2024: lunes 1 de abril de 2024."
    )
    expect(answer).to_contain_text("jueves 28 de marzo de 2024: Jueves Santo")
    audit(page, "admin-06-calendario-calculadora")


def test_an_area_head_is_refused_the_admin_pages(page: Page) -> None:
    sign_in(page, AREA_HEAD)
    for path in ("/admin/areas", "/admin/organos", "/admin/calendario"):
        response = page.goto(path)
        assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("No tiene permiso")
