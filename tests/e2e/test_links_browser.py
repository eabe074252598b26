"""Links between items in a real browser: the secretariat links an acuerdo of the demo to an
activity of the INE-IECM convenio and to the convenio itself from the acuerdo's page, sees the
link on both sides, and removes one; the pages pass axe-core and fit a 390 px phone.
Screenshots are kept under `test-artifacts/browser/` (`vinculos-*`)."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import SECRETARIAT, audit, link_to, shot, sign_in, starting

AGREEMENT = "CPVOE/4SO/2024/02"
AGREEMENT_TITLE = "Dar seguimiento a la Misión de Acompañamiento"
ACTIVITY = "INE-IECM/2023/GEN/A05"
ACTIVITY_TITLE = "Acreditación de personas observadoras electorales"
CONVENIO = "INE-IECM/2023/GEN"


def test_the_secretariat_links_an_acuerdo_to_a_convenio_activity_and_sees_it_on_both_pages(
    page: Page,
) -> None:
    sign_in(page, SECRETARIAT)
    page.goto("/acuerdos")
    page.get_by_role("link", name=re.compile(AGREEMENT_TITLE)).first.click()
    links = page.locator("#vinculos")
    expect(links.get_by_role("heading", name="Vinculado con")).to_be_visible()
    expect(links.get_by_text("no está vinculado con convenios ni actividades")).to_be_visible()
    audit(page, "vinculos-01-acuerdo-sin-vinculos")

    link_to(page, ACTIVITY)
    expect(page.get_by_text(f"Se vinculó {AGREEMENT} con la actividad {ACTIVITY}.")).to_be_visible()
    expect(links.get_by_role("link", name=starting(ACTIVITY))).to_be_visible()
    link_to(page, CONVENIO)
    expect(page.get_by_text(f"Se vinculó {AGREEMENT} con el convenio {CONVENIO}.")).to_be_visible()
    audit(page, "vinculos-02-acuerdo-vinculado")
    agreement_url = page.url.split("#")[0]

    links.get_by_role("link", name=starting(ACTIVITY)).click()
    expect(page.get_by_role("heading", name=ACTIVITY_TITLE)).to_be_visible()
    related = page.locator("#acuerdos-relacionados")
    expect(related.get_by_role("heading", name="Acuerdos relacionados")).to_be_visible()
    expect(related.get_by_role("link", name=re.compile(AGREEMENT_TITLE))).to_be_visible()
    audit(page, "vinculos-03-actividad")

    page.get_by_role("link", name=starting(CONVENIO, then=" — ")).first.click()
    related = page.locator("#acuerdos-relacionados")
    expect(related.get_by_role("link", name=re.compile(AGREEMENT_TITLE))).to_have_count(2)
    expect(related.get_by_text(f"por la actividad {ACTIVITY}")).to_be_visible()
    audit(page, "vinculos-04-convenio")

    page.goto(agreement_url)
    page.get_by_role("button", name=f"Quitar el vínculo con el convenio {CONVENIO}").click()
    expect(
        page.get_by_text(f"Se quitó el vínculo de {AGREEMENT} con el convenio {CONVENIO}.")
    ).to_be_visible()
    expect(links.get_by_role("link", name=starting(ACTIVITY))).to_be_visible()
    expect(links.get_by_role("link", name=starting(CONVENIO, then=" "))).to_have_count(0)


def test_the_linked_pages_do_not_scroll_sideways_on_a_phone(browser: Browser, server: str) -> None:
    phone = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, bypass_csp=True
    ).new_page()
    wide = browser.new_context(
        base_url=server, viewport={"width": 1366, "height": 900}, bypass_csp=True
    ).new_page()
    sign_in(phone, SECRETARIAT)
    sign_in(wide, SECRETARIAT)
    phone.goto("/acuerdos")
    phone.get_by_role("link", name=re.compile(AGREEMENT_TITLE)).first.click()
    agreement = phone.url.removeprefix(server)
    activity = phone.locator("#vinculos a").first.get_attribute("href")
    assert activity is not None and activity.startswith("/actividades/"), "linked by the test above"
    phone.goto(activity)
    convenio = phone.get_by_role("link", name=starting(CONVENIO, then=" — ")).first
    convenio_path = convenio.get_attribute("href")
    assert convenio_path is not None
    for path, name in (
        (agreement, "movil-vinculos-acuerdo"),
        (activity, "movil-vinculos-actividad"),
        (convenio_path, "movil-vinculos-convenio"),
    ):
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        audit(phone, name)
        wide.goto(path)
        shot(wide, name.replace("movil-", "escritorio-1366-"))
    wide.context.close()
    phone.context.close()
