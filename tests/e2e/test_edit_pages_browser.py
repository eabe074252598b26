"""The secretariat edits an acuerdo and registers a convenio in a real browser: the change shows
in the acuerdo's history old → new, the new convenio has its page; the edit pages pass axe-core
and fit a phone without sideways scroll."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import SECRETARIAT, audit, shot, sign_in

NEW_TITLE = "Informe final de la Red de Observación Electoral, con anexos"


def first_item(page: Page, listing: str) -> str:
    """The address of the first item of a list page."""
    page.goto(listing)
    href = page.locator("table.items tbody tr td a").first.get_attribute("href")
    assert href, listing
    return href


def test_secretariat_edits_an_acuerdo_and_sees_it_in_the_history(page: Page) -> None:
    sign_in(page, SECRETARIAT)
    detail = first_item(page, "/acuerdos")
    page.goto(detail)
    old_title = page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Editar", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Editar el acuerdo"))).to_be_visible()
    expect(page.get_by_text("Reprogramar plazo", exact=False)).to_be_visible()
    audit(page, "editar-01-acuerdo")
    page.get_by_label("Título").fill("")
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page.locator("#err-title")).to_be_visible()
    audit(page, "editar-02-acuerdo-con-error")
    page.get_by_label("Título").fill(NEW_TITLE)
    page.get_by_label("DECEYEC", exact=True).check()
    page.get_by_role("button", name="Guardar cambios").click()
    expect(page.get_by_role("heading", name=NEW_TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Se guardaron los cambios", exact=False)).to_be_visible()
    history = page.locator("section[aria-labelledby=h-historial]")
    expect(history).to_contain_text("Secretaría")
    expect(history).to_contain_text(f"«{old_title}» → «{NEW_TITLE}»")
    audit(page, "editar-03-acuerdo-historial")


def test_secretariat_registers_a_convenio(page: Page) -> None:
    sign_in(page, SECRETARIAT)
    page.goto("/convenios")
    page.get_by_role("link", name="Registrar convenio").click()
    expect(page.get_by_role("heading", name="Registrar convenio")).to_be_visible()
    audit(page, "editar-04-convenio-nuevo")
    page.get_by_label("Título").fill("Convenio de colaboración con la Universidad Autónoma")
    page.get_by_label("Instituciones contrapartes").fill(
        "Universidad Autónoma Metropolitana\nColegio de México"
    )
    page.get_by_label("Objeto").fill("Colaborar en la difusión de la cultura cívica.")
    page.get_by_label("Área responsable").select_option("DECEYEC")
    page.get_by_role("button", name="Registrar el convenio").click()
    expect(page.get_by_text("Se registró el convenio", exact=False)).to_be_visible()
    expect(page.get_by_text("Colegio de México").first).to_be_visible()
    page.get_by_role("link", name="Editar", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Editar el convenio"))).to_be_visible()
    expect(page.get_by_text("Registrar suscripción", exact=False)).to_be_visible()
    audit(page, "editar-05-convenio")
    detail = first_item(page, "/actividades")
    page.goto(detail)
    page.get_by_role("link", name="Editar", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Editar la actividad"))).to_be_visible()
    audit(page, "editar-06-actividad")


def test_the_edit_pages_fit_a_phone(browser: Browser, server: str) -> None:
    phone = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, bypass_csp=True
    ).new_page()
    wide = browser.new_context(
        base_url=server, viewport={"width": 1366, "height": 900}, bypass_csp=True
    ).new_page()
    sign_in(phone, SECRETARIAT)
    sign_in(wide, SECRETARIAT)
    pages = {
        "acuerdo": first_item(wide, "/acuerdos") + "/editar",
        "convenio": first_item(wide, "/convenios") + "/editar",
        "actividad": first_item(wide, "/actividades") + "/editar",
        "convenio-nuevo": "/convenios/nuevo",
        "historial-acuerdo": first_item(wide, "/acuerdos"),
    }
    for name, path in pages.items():
        phone.goto(path)
        sideways = phone.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert sideways <= 0, f"{path} scrolls sideways on a phone ({sideways}px)"
        audit(phone, f"editar-movil-390-{name}")
        wide.goto(path)
        shot(wide, f"editar-escritorio-1366-{name}")
    wide.context.close()
    phone.context.close()
