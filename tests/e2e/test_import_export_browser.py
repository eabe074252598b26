"""Import and export in a real browser: the secretariat uploads last year's sheet with one bad
row, reads the problem by row and column, uploads the fixed sheet, applies it, and exports the
filtered list; the activities pages. axe-core audits every new page, and none scrolls sideways
on a 390 px phone. Screenshots are kept under `test-artifacts/browser/`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import (
    LAST_YEAR,
    SECRETARIAT,
    audit,
    last_years_sheet,
    no_sideways_scroll,
    shot,
    sign_in,
    upload,
)

pytestmark = pytest.mark.e2e


def test_the_secretariat_imports_a_sheet_with_a_bad_row_fixes_it_and_exports_the_list(
    page: Page, tmp_path: Path
) -> None:
    sign_in(page, SECRETARIAT)
    page.goto("/acuerdos")
    page.locator("main").get_by_role("link", name="Importar").click()  # the list's button
    expect(page.get_by_role("heading", name="Importar un archivo")).to_be_visible()
    audit(page, "importar-01-formulario")

    upload(page, last_years_sheet("el mes que entra"))
    expect(page.locator(".alert-error")).to_contain_text("tiene 1 problema; no se importó nada.")
    problem = page.locator("table.problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator('td[data-label="Fila"]')).to_have_text("3")
    expect(problem.locator('td[data-label="Columna"]')).to_have_text("plazo")
    expect(problem.locator('td[data-label="Valor"]')).to_have_text("el mes que entra")
    audit(page, "importar-02-problemas")

    upload(page, last_years_sheet("29/02/2024"))
    expect(page.get_by_role("heading", name="sin problemas")).to_be_visible()
    expect(page.locator("body")).to_contain_text("3 nuevas")
    audit(page, "importar-03-prueba")
    page.get_by_role("button", name="Aplicar la importación").click()
    expect(page.get_by_role("heading", name="Acuerdos", level=1)).to_be_visible()
    expect(page.locator(".flash").first).to_contain_text("Se importó «acuerdos-2023.xlsx»")

    page.get_by_label("Buscar").fill("difundir")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.locator("table.items tbody tr")).to_have_count(2)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportar CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert sorted(r[0] for r in rows[1:]) == [f"{LAST_YEAR}/01", f"{LAST_YEAR}/02"]
    shot(page, "importar-04-lista-filtrada")


def test_the_activities_pages(page: Page) -> None:
    sign_in(page, SECRETARIAT)
    page.get_by_role("navigation", name="Secciones").get_by_role("link", name="Actividades").click()
    expect(page.get_by_role("heading", name="Actividades", level=1)).to_be_visible()
    audit(page, "actividades-01-lista")
    page.get_by_role("link", name="Nueva actividad").click()
    audit(page, "actividades-02-nueva")
    page.locator("#a-title").fill("Taller de voto desde el extranjero")
    page.get_by_label("O el programa de trabajo del órgano").select_option("CPVOE")
    page.get_by_label("Área responsable").select_option("UTVOE")
    page.get_by_label("Fecha compromiso").fill("2024-06-28")
    page.get_by_role("button", name="Registrar la actividad").click()
    expect(page.locator(".flash")).to_contain_text("Se registró la actividad")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Taller de voto")


def test_the_new_pages_read_well_on_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    phone = context.new_page()
    sign_in(phone, SECRETARIAT)
    for path, name in (
        ("/importar", "movil-importar"),
        ("/actividades", "movil-actividades"),
        ("/actividades/nueva", "movil-actividad-nueva"),
    ):
        phone.goto(path)
        no_sideways_scroll(phone)
        audit(phone, name)
    context.close()
