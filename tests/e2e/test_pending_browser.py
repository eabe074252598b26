"""«Mis pendientes» and the one form to report with evidence, in a real browser on the demo data:
an area head finds an acuerdo in their pending work, records an avance with a file and reports
its fulfilment in the same form, and sees it leave their list; the secretariat finds it in its
review queue. axe-core audits each page at 1366 px and 390 px; screenshots under
`test-artifacts/browser/`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import (
    AREA_HEAD,
    PDF,
    PHONE,
    SECRETARIAT,
    WIDE,
    audit,
    no_sideways_scroll,
    pending,
    shot,
    sign_in,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def wide(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, viewport=WIDE, bypass_csp=True)
    yield context.new_page()
    context.close()


def test_an_area_head_reports_from_mis_pendientes_and_the_secretariat_reviews_it(
    wide: Page, browser: Browser, server: str
) -> None:
    page = wide
    sign_in(page, AREA_HEAD)
    mine = pending(page)
    expect(page.locator("#h-pendientes")).to_have_text("Mis pendientes")
    audit(page, "pendientes-01-area-1366")
    row = mine.locator("tbody tr", has_text="Acuerdo").first
    key = row.locator(".key").inner_text().removeprefix("Acuerdo ").strip()
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.locator("summary", has_text="Registrar avance").click()
    page.get_by_label("Qué se hizo").fill(
        "Se publicó el directorio; se anexa el oficio de entrega."
    )
    page.get_by_label("Archivo de evidencia").set_input_files(
        files=[{"name": "oficio-entrega.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Informar el cumplimiento con este avance").check()
    audit(page, "pendientes-02-formulario-1366")
    page.get_by_role("button", name="Registrar avance").click()
    expect(page.locator(".flash")).to_contain_text("y se aplicó «Informar cumplimiento»")
    expect(page.locator(".detail-badges")).to_contain_text("En revisión de cumplimiento")
    expect(page.locator(".detail-badges")).not_to_contain_text("Vencido")
    standing = page.locator("#situacion")
    expect(standing).to_contain_text("La UTVOE informó el cumplimiento el")
    expect(standing).to_contain_text("Está en revisión de la Secretaría Técnica.")
    expect(page.get_by_role("link", name="oficio-entrega.pdf").first).to_be_visible()
    audit(page, "pendientes-03-informado-1366")
    detail = page.url

    page.goto("/")
    expect(pending(page)).not_to_contain_text(key)

    phone = browser.new_context(base_url=server, viewport=PHONE, bypass_csp=True)
    small = phone.new_page()
    sign_in(small, AREA_HEAD)
    no_sideways_scroll(small)
    audit(small, "pendientes-04-area-390")
    small.goto(detail)
    no_sideways_scroll(small)
    audit(small, "pendientes-05-informado-390")
    phone.close()

    page.get_by_role("button", name="Cerrar sesión").click()
    sign_in(page, SECRETARIAT)
    queue = pending(page)
    expect(queue).to_contain_text("Cumplimientos por revisar")
    expect(queue.locator("tbody tr", has_text=key)).to_contain_text("La UTVOE")
    audit(page, "pendientes-06-secretaria-1366")
    queue.get_by_role("link", name="Ver la lista de acuerdos").click()
    expect(page.locator("table.items")).to_contain_text(key)

    phone = browser.new_context(base_url=server, viewport=PHONE, bypass_csp=True)
    small = phone.new_page()
    sign_in(small, SECRETARIAT)
    expect(pending(small)).to_contain_text(key)
    no_sideways_scroll(small)
    audit(small, "pendientes-07-secretaria-390")
    phone.close()
    shot(page, "pendientes-08-lista-en-revision-1366")
