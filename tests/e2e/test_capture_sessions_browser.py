"""The secretariat creates the 6th ordinary session with its agenda and captures three acuerdos
in one form, in a real browser, without the API; the new pages pass axe-core and fit a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import (
    DECIMO,
    SECRETARIAT,
    audit,
    capture_three_acuerdos,
    create_sixth_session,
    shot,
    sign_in,
)


def test_secretariat_creates_the_sixth_session_and_captures_three_acuerdos(page: Page) -> None:
    sign_in(page, SECRETARIAT)
    session_url = create_sixth_session(page)
    capture_three_acuerdos(page)
    expect(page).to_have_url(re.compile(re.escape(session_url)))
    expect(page.get_by_role("heading", name=f"Punto 3 a) {DECIMO}")).to_be_visible()
    expect(page.get_by_role("heading", name="Sin punto del orden del día")).to_be_visible()
    expect(page.get_by_text("Tema relevante").first).to_be_visible()
    audit(page, "sesiones-05-acuerdos-por-punto")

    page.get_by_role("button", name="Aprobar en esta sesión la minuta de CPVOE/5SO/2024").click()
    expect(
        page.get_by_text("Se aprobó la minuta de CPVOE/5SO/2024 en esta sesión.")
    ).to_be_visible()

    page.get_by_role("link", name="Informe de la Red de Observación").click()
    # 10 business days from the day after Fri 2024-06-28: Fri 2024-07-12.
    expect(page.get_by_text(re.compile("^12 de julio de 2024")).first).to_be_visible()


def test_the_session_pages_do_not_scroll_sideways_on_a_phone(browser: Browser, server: str) -> None:
    context = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    phone = context.new_page()
    wide = browser.new_context(
        base_url=server, viewport={"width": 1366, "height": 900}, bypass_csp=True
    ).new_page()
    sign_in(wide, SECRETARIAT)
    sign_in(phone, SECRETARIAT)
    phone.goto("/sesiones")
    phone.get_by_role("link", name=re.compile("5ª sesión ordinaria")).first.click()
    session_path = phone.url.removeprefix(server)
    for path, name in (
        ("/sesiones/nueva", "movil-sesiones-nueva"),
        (f"{session_path}/editar", "movil-sesiones-editar"),
        (f"{session_path}/acuerdos/nuevos", "movil-sesiones-capturar-acuerdos"),
        (session_path, "movil-sesiones-sesion"),
    ):
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        audit(phone, name)
        wide.goto(path)
        shot(wide, name.replace("movil-", "escritorio-1366-"))
    wide.context.close()
    context.close()
