"""One session's follow-up as the secretariat lives it, in a real browser on the demo data and
never through the API: it creates the 6th ordinary session of CPVOE with its agenda, captures
three acuerdos in one form, edits one, links one to an activity of the INE-IECM convenio,
imports last year's sheet (one bad row, fixed, dry-run again, applied) and exports the filtered
list; then the UTVOE's head finds an acuerdo in «Mis pendientes», reports it with evidence in one
form, and the secretariat finds it in its review queue.

Every new page passes axe-core and is photographed at 1366 and 390 px with no sideways scroll
(`look`); the screenshots are `test-artifacts/browser/escenario-*-{1366,390}.png`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.browsing import (
    AREA_HEAD,
    DECIMO,
    INFORMES,
    LAST_YEAR,
    MISION,
    PDF,
    PRISION,
    RED,
    SECRETARIAT,
    SIXTH,
    WIDE,
    capture_three_acuerdos,
    create_sixth_session,
    last_years_sheet,
    link_to,
    look,
    pending,
    sign_in,
    starting,
    upload,
)

pytestmark = pytest.mark.e2e

ACTIVITY = "INE-IECM/2023/GEN/A05"
ACTIVITY_TITLE = "Acreditación de personas observadoras electorales"
NEW_TITLE = "Seguimiento permanente del voto de las personas en prisión preventiva"


def open_acuerdo(page: Page, session_url: str, title: str) -> str:
    """From the session's page, the acuerdo titled `title`; its address."""
    page.goto(session_url)
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    return page.url


def test_a_secretariat_runs_the_follow_up_of_its_sixth_session(page: Page, tmp_path: Path) -> None:
    page.set_viewport_size(WIDE)
    sign_in(page, SECRETARIAT)

    # 1. The session and its agenda: points, a lettered sub-point, one moved up.
    session_url = create_sixth_session(page, see=look, prefix="escenario-01-sesion")

    # 2. Three acuerdos in one form; keys in order, grouped by agenda point on the session page.
    capture_three_acuerdos(page, see=look, name="escenario-02-capturar-acuerdos")
    expect(page).to_have_url(re.compile(re.escape(session_url)))
    agreed = page.locator("section[aria-labelledby=h-acuerdos]")
    assert agreed.locator("h3.agenda-group, .key").all_inner_texts() == [
        f"Punto 3. {INFORMES}",
        f"{SIXTH}/03",
        f"Punto 3 a) {DECIMO}",
        f"{SIXTH}/01",
        "Sin punto del orden del día",
        f"{SIXTH}/02",
    ]
    expect(agreed.locator("tr", has_text=MISION)).to_contain_text("Tema relevante")
    expect(agreed.locator("tr", has_text=MISION)).to_contain_text("DECEYEC")
    expect(agreed.locator("tr", has_text=PRISION)).to_contain_text("Permanente")
    look(page, "escenario-03-acuerdos-por-punto")

    # 3. Edit the permanent one; the history says old → new.
    open_acuerdo(page, session_url, PRISION)
    look(page, "escenario-04-acuerdo")
    page.get_by_role("link", name="Editar", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Editar el acuerdo"))).to_be_visible()
    look(page, "escenario-05-editar-acuerdo")
    page.get_by_label("Título").fill(NEW_TITLE)
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page.get_by_role("heading", name=NEW_TITLE, level=1)).to_be_visible()
    history = page.locator("section[aria-labelledby=h-historial]")
    expect(history).to_contain_text(f"«{PRISION}» → «{NEW_TITLE}»")
    look(page, "escenario-06-acuerdo-editado")

    # 4. Link the relevant one to an activity of the INE-IECM convenio; both sides show it.
    open_acuerdo(page, session_url, MISION)
    link_to(page, ACTIVITY)
    expect(page.get_by_text(f"Se vinculó {SIXTH}/03 con la actividad {ACTIVITY}.")).to_be_visible()
    look(page, "escenario-07-acuerdo-vinculado")
    page.locator("#vinculos").get_by_role("link", name=starting(ACTIVITY)).click()
    expect(page.get_by_role("heading", name=ACTIVITY_TITLE)).to_be_visible()
    related = page.locator("#acuerdos-relacionados")
    expect(related.get_by_role("link", name=MISION)).to_be_visible()
    look(page, "escenario-08-actividad")

    # 5. Last year's sheet: one bad row, seen by row and column; fixed, dry-run again, applied.
    page.goto("/importar")
    expect(page.get_by_role("heading", name="Importar un archivo")).to_be_visible()
    look(page, "escenario-09-importar")
    upload(page, last_years_sheet("el mes que entra"))
    expect(page.locator(".alert-error")).to_contain_text("tiene 1 problema; no se importó nada.")
    problem = page.locator("table.problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator('td[data-label="Fila"]')).to_have_text("3")
    expect(problem.locator('td[data-label="Columna"]')).to_have_text("plazo")
    look(page, "escenario-10-importar-problema")
    upload(page, last_years_sheet("29/02/2024"))
    expect(page.get_by_role("heading", name="sin problemas")).to_be_visible()
    look(page, "escenario-11-importar-prueba")
    page.get_by_role("button", name="Aplicar la importación").click()
    expect(page.locator(".flash").first).to_contain_text("Se importó «acuerdos-2023.xlsx»")
    look(page, "escenario-12-acuerdos-importados")

    # 6. The list filtered to this session and the UTVOE, exported as XLSX: only those rows.
    sixth = page.locator("#f-sesion option", has_text=SIXTH).get_attribute("value")
    assert sixth is not None
    page.get_by_label("Sesión en que se aprobó").select_option(sixth)
    page.locator("#f-area").select_option("UTVOE")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.locator("table.items tbody tr")).to_have_count(2)
    look(page, "escenario-13-lista-filtrada")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportar XLSX").click()
    saved = tmp_path / "acuerdos.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved, read_only=True).active
    assert sheet is not None
    keys = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert sorted(keys) == [f"{SIXTH}/01", f"{SIXTH}/03"]
    assert not any(str(k).startswith(LAST_YEAR) for k in keys)
    page.get_by_role("button", name="Cerrar sesión").click()

    # 7. The UTVOE's head reports the first acuerdo with evidence, in one form.
    sign_in(page, AREA_HEAD)
    mine = pending(page)
    row = mine.locator("tbody tr", has_text=f"{SIXTH}/01")
    expect(row).to_be_visible()
    look(page, "escenario-14-mis-pendientes")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=RED, level=1)).to_be_visible()
    page.locator("summary", has_text="Registrar avance").click()
    page.get_by_label("Qué se hizo").fill("Se entregó el informe final con sus anexos.")
    page.get_by_label("Archivo de evidencia").set_input_files(
        files=[{"name": "informe-final.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Informar el cumplimiento con este avance").check()
    look(page, "escenario-15-informar-con-evidencia")
    page.get_by_role("button", name="Registrar avance").click()
    expect(page.locator(".flash")).to_contain_text("y se aplicó «Informar cumplimiento»")
    expect(page.locator(".detail-badges")).to_contain_text("En revisión de cumplimiento")
    expect(page.get_by_role("link", name="informe-final.pdf").first).to_be_visible()
    look(page, "escenario-16-informado")
    page.goto("/")
    expect(pending(page)).not_to_contain_text(f"{SIXTH}/01")
    page.get_by_role("button", name="Cerrar sesión").click()

    sign_in(page, SECRETARIAT)
    queue = pending(page)
    expect(queue).to_contain_text("Cumplimientos por revisar")
    expect(queue.locator("tbody tr", has_text=f"{SIXTH}/01")).to_contain_text("La UTVOE")
    look(page, "escenario-17-por-revisar")
