"""The transparency format from `/convenios` in a real browser: open the form, choose the year
and the quarter, and download the XLSX of the convenios signed then, in the portals' layout."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from tests.e2e.browsing import SECRETARIAT, audit, sign_in
from workflow.spreadsheets.transparency import COLUMNS

pytestmark = pytest.mark.e2e


def test_the_secretariat_downloads_the_quarter_in_the_portal_layout(page: Page) -> None:
    sign_in(page, SECRETARIAT)
    page.goto("/convenios")
    page.locator("summary", has_text="Formato de transparencia").click()
    page.get_by_label("Ejercicio", exact=True).fill("2023")
    page.get_by_label("Trimestre", exact=True).select_option("3")
    page.get_by_label("Archivo", exact=True).select_option("xlsx")
    audit(page, "convenios-transparencia")
    with page.expect_download() as caught:
        page.get_by_role("button", name="Descargar").click()
    download = caught.value
    assert download.suggested_filename.startswith("convenios-transparencia-2023-T3-")
    path = download.path()
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == "Ejercicio")
    assert rows[header] == [h for _, h in COLUMNS]
    cells = [dict(zip(rows[header], r, strict=True)) for r in rows[header + 1 :] if any(r)]
    assert [c["Denominación del convenio"] for c in cells] == [
        "Convenio General de Coordinación y Colaboración INE-IECM para el Proceso Electoral "
        "Concurrente 2023-2024"
    ]
    assert all(c["Nota"] for c in cells)
