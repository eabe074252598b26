"""The pages in a real browser against a real server: an area head reports an overdue acuerdo
as fulfilled, the secretariat confirms it, the dashboard shows it; axe-core audits every page.

Starts `seguimiento init`, `seguimiento demo` and `seguimiento serve --no-scheduler` on a fresh
SQLite file and drives Debian's headless Chromium with Playwright. Screenshots are kept under
`test-artifacts/browser/`.
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import AREA_HEAD, PDF, SECRETARIAT, audit, shot, sign_in

pytestmark = pytest.mark.e2e


def stat(page: Page, label: str) -> int:
    text = page.locator(".stat", has_text=label).locator(".stat-n").inner_text()
    return int(text)


def test_area_head_reports_the_secretariat_confirms_and_the_dashboard_shows_it(
    page: Page, server: str
) -> None:
    page.goto("/login")
    audit(page, "01-login")
    sign_in(page, AREA_HEAD)
    fulfilled_before = stat(page, "acuerdos cumplidos")
    audit(page, "02-dashboard-area")

    page.goto("/acuerdos?area=UTVOE&vencidos=1")
    audit(page, "03-lista-vencidos")
    row = page.locator("table.items tbody tr").first
    key = row.locator("td.key").inner_text()
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".detail-badges")).to_contain_text("Vencido")
    audit(page, "04-acuerdo-vencido")
    detail_url = page.url

    page.get_by_text("Registrar avance", exact=True).first.click()
    page.get_by_label("Qué se hizo").fill("Se integró el directorio completo (58 instituciones).")
    page.get_by_label("Porcentaje de avance").fill("100")
    page.get_by_label("Archivo de evidencia").set_input_files(
        files=[{"name": "directorio.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Registrar avance").click()
    expect(page.locator(".flash")).to_contain_text(f"Se registró el avance de {key}")
    expect(page.get_by_role("link", name="directorio.pdf").first).to_be_visible()

    page.locator("summary", has_text="Informar cumplimiento").click()
    page.locator("#report_fulfillment-note").fill("El directorio está publicado; se anexa.")
    page.get_by_role("button", name="Informar cumplimiento").click()
    expect(page.locator(".detail-badges")).to_contain_text("En revisión de cumplimiento")
    shot(page, "05-cumplimiento-informado")

    page.get_by_role("button", name="Cerrar sesión").click()
    sign_in(page, SECRETARIAT)
    expect(page.locator("#h-pendientes")).to_have_text("Mis pendientes")
    expect(page.locator("section", has_text="Cumplimientos por revisar")).to_contain_text(key)
    page.goto(detail_url)
    page.locator("summary", has_text="Confirmar cumplimiento").click()
    page.get_by_role("button", name="Confirmar cumplimiento").click()
    expect(page.locator(".detail-badges")).to_contain_text("Cumplido")
    expect(page.locator(".timeline")).to_contain_text("Confirmar cumplimiento")
    audit(page, "06-acuerdo-cumplido")

    page.goto("/")
    assert stat(page, "acuerdos cumplidos") == fulfilled_before + 1
    assert key not in page.locator("#h-vencidos").locator("..").inner_text()
    audit(page, "07-dashboard-secretaria")

    page.goto("/convenios")
    audit(page, "08-lista-convenios")
    page.locator("table.items tbody tr").first.get_by_role("link").first.click()
    audit(page, "09-convenio")

    page.goto("/sesiones")
    page.get_by_role("link", name=re.compile("5ª sesión ordinaria")).click()
    audit(page, "10-sesion")
    report = page.get_by_role("link", name="Informe de seguimiento de acuerdos")
    response = httpx.get(server + (report.get_attribute("href") or ""), follow_redirects=False)
    if response.status_code != 404:  # the report page comes with the reports work
        report.click()
        expect(page.locator("body")).to_contain_text(key)
        audit(page, "11-informe-seguimiento")


def test_pages_read_well_on_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    sign_in(page, AREA_HEAD)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
    audit(page, "movil-01-dashboard")
    page.goto("/acuerdos")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    audit(page, "movil-02-acuerdos")
    page.locator("table.items tbody tr").first.get_by_role("link").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    audit(page, "movil-03-acuerdo")
    context.close()
