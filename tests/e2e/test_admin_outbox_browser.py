"""The pages of issue 11 items 4, 6, 7 and 8 in a real browser against `seguimiento serve` on
the demo data: the secretariat issues the Convenio General's next progress reports and creates
the next session from the draft agenda; the admin watches the outbox; an area head reads a
notification by opening its item. axe-core audits every new page; screenshots go to
`test-artifacts/browser/`.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

# `browser`, `page` and `server` come from tests/e2e/conftest.py (tests.e2e.browsing), one
# server and one browser for the module
from tests.e2e.browsing import ADMIN, AREA_HEAD, SECRETARIAT, audit, run_checks, sign_in

pytestmark = pytest.mark.e2e

GENERAL = "Convenio General de Coordinación y Colaboración INE-IECM"


def test_the_secretariat_issues_the_ninth_and_tenth_reports_of_the_convenio_general(
    page: Page, server: str
) -> None:
    sign_in(page, SECRETARIAT)
    page.goto("/convenios")
    page.get_by_role("link", name=re.compile(GENERAL)).first.click()
    page.get_by_role("link", name="Informes de avance numerados de este convenio").click()
    expect(page.get_by_role("heading", name="Informes de avance", level=1)).to_be_visible()
    # the demo has eight reports issued (cut-offs from September 2023 to April 2024)
    expect(page.locator("#h-emitidos")).to_have_text("Informes emitidos: 8")
    audit(page, "i11-informes-convenio")

    page.get_by_role("button", name="Emitir el noveno informe").click()
    expect(page.locator(".flash")).to_contain_text("Se emitió el noveno informe")
    page.get_by_role("button", name="Emitir el décimo informe").click()
    expect(page.locator(".flash")).to_contain_text("Se emitió el décimo informe")
    expect(page.locator("#h-emitidos")).to_have_text("Informes emitidos: 10")
    expect(page.locator("table.items tbody tr").first).to_contain_text("Décimo informe")
    audit(page, "i11-informes-convenio-decimo")

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX del décimo informe").click()
    assert download.value.suggested_filename.startswith("informe-10-")


def test_the_session_that_presents_a_report_links_to_it_and_the_draft_becomes_a_session(
    page: Page, server: str
) -> None:
    sign_in(page, SECRETARIAT)
    page.goto("/sesiones")
    page.get_by_role("link", name=re.compile("5ª sesión ordinaria de 2024")).click()
    expect(
        page.get_by_role("link", name=re.compile("Informes de avance de INE-IECM"))
    ).to_be_visible()

    page.get_by_role("link", name=re.compile("Proyecto de orden del día")).click()
    expect(page.get_by_role("heading", name="Proyecto de orden del día")).to_be_visible()
    expect(page.get_by_text("Sexta sesión ordinaria de 2024")).to_be_visible()
    audit(page, "i11-orden-del-dia")

    # the one session form opens filled with the draft; the new point moves up to second place
    page.get_by_role("link", name="Crear la sesión con este orden del día").click()
    expect(page.get_by_role("heading", name="Nueva sesión")).to_be_visible()
    expect(page.get_by_label("Número")).to_have_value("6")
    expect(page.get_by_label("Punto 5", exact=True)).to_have_value("Asuntos generales.")
    audit(page, "i11-sesion-desde-orden-del-dia")
    page.get_by_label("Fecha", exact=False).first.fill("2024-06-28")
    page.get_by_role("button", name="Agregar punto", exact=True).click()
    page.get_by_label("Punto 6", exact=True).fill("Presentación del calendario de eventos.")
    for n in (6, 5, 4, 3):
        page.get_by_role("button", name=f"Subir el punto {n}", exact=True).click()
    expect(page.get_by_label("Punto 2", exact=True)).to_have_value(
        "Presentación del calendario de eventos."
    )
    page.get_by_role("button", name="Guardar sesión").click()
    expect(page.locator(".flash")).to_contain_text("Se guardó la sesión CPVOE/6SO/2024")
    expect(page.locator("ol.agenda > li").nth(1)).to_contain_text("calendario de eventos")


def test_the_admin_watches_the_alerts_in_the_outbox(page: Page, server: str) -> None:
    run_checks(server, "2024-06-10")

    sign_in(page, ADMIN)
    page.goto("/admin/avisos")
    expect(page.get_by_role("heading", name="Avisos enviados")).to_be_visible()
    expect(page.locator("table.items tbody tr").first).to_be_visible()
    audit(page, "i11-avisos")
    page.get_by_label("Destinatario").fill("Ruiz")
    page.get_by_role("button", name="Filtrar").click()
    rows = page.locator("table.items tbody tr")
    expect(rows.first).to_contain_text("Andrés Ruiz")
    assert all("Andrés Ruiz" in t for t in rows.all_inner_texts())


def test_an_area_head_reads_a_notification_by_opening_its_item(page: Page, server: str) -> None:
    sign_in(page, AREA_HEAD)
    page.goto("/notificaciones")
    first = page.locator(".inbox-item.unread").first
    expect(first).to_be_visible()
    assert "Mensaje automático" not in first.inner_text()
    audit(page, "i11-notificaciones")
    before = page.locator(".inbox-item.unread").count()
    first.locator("a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/notificaciones")
    assert page.locator(".inbox-item.unread").count() < before
