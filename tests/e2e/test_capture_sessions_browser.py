"""The secretariat creates the 6th ordinary session with its agenda and captures three acuerdos
in one form, in a real browser, without the API; the new pages pass axe-core and fit a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import SECRETARIAT, audit, shot, sign_in

MINUTA = "Aprobación del proyecto de minuta de la quinta sesión ordinaria de 2024."
SEGUIMIENTO = "Seguimiento de acuerdos de la quinta sesión ordinaria de 2024."
INFORMES = "Presentación de informes sobre el Programa de Trabajo."
DECIMO = "Décimo informe del Convenio General INE-IECM"
GENERALES = "Asuntos generales."


def add_point(page: Page, number: str, text: str) -> None:
    page.get_by_role("button", name="Agregar punto", exact=True).click()
    page.get_by_label(f"Punto {number}", exact=True).fill(text)


def create_sixth_session(page: Page) -> str:
    page.goto("/sesiones")
    page.get_by_role("link", name="Nueva sesión").click()
    expect(page.get_by_role("heading", name="Nueva sesión")).to_be_visible()
    audit(page, "sesiones-01-nueva")
    page.get_by_label("Número").fill("6")
    page.get_by_label("Fecha", exact=False).first.fill("2024-06-28")
    page.get_by_label("Hora").fill("11:00")
    page.get_by_label("Punto 1", exact=True).fill(MINUTA)
    add_point(page, "2", SEGUIMIENTO)
    add_point(page, "3", GENERALES)
    add_point(page, "4", INFORMES)
    page.get_by_role("button", name="Agregar subpunto al punto 4").click()
    page.get_by_label("Punto 4 a)", exact=True).fill(DECIMO)
    # «Asuntos generales» goes last: the informes move up with their sub-point.
    page.get_by_role("button", name="Subir el punto 4", exact=True).click()
    expect(page.get_by_label("Punto 3", exact=True)).to_have_value(INFORMES)
    expect(page.get_by_label("Punto 3 a)", exact=True)).to_have_value(DECIMO)
    expect(page.get_by_label("Punto 4", exact=True)).to_have_value(GENERALES)
    expect(page.get_by_label("Número")).to_have_value("6")
    audit(page, "sesiones-02-orden-del-dia")
    page.get_by_role("button", name="Guardar sesión").click()
    expect(page.get_by_role("heading", name="6ª sesión ordinaria de 2024")).to_be_visible()
    expect(page.get_by_text("Se guardó la sesión CPVOE/6SO/2024.")).to_be_visible()
    audit(page, "sesiones-03-sesion")
    return page.url


def test_secretariat_creates_the_sixth_session_and_captures_three_acuerdos(page: Page) -> None:
    sign_in(page, SECRETARIAT)
    session_url = create_sixth_session(page)
    page.get_by_role("link", name="Capturar acuerdos").click()
    expect(page.get_by_role("heading", name=re.compile("Capturar acuerdos"))).to_be_visible()
    audit(page, "sesiones-04-capturar-acuerdos")

    first = page.locator("#acuerdo-1")
    first.get_by_label("Título").fill("Informe de la Red de Observación")
    first.get_by_label("Texto del acuerdo").fill("La UTVOE presentará el informe final.")
    first.get_by_label("Punto del orden del día").select_option(label=f"3 a) {DECIMO}")
    first.get_by_label("Área responsable").select_option("UTVOE")
    first.get_by_label("En días hábiles", exact=False).check()
    first.get_by_label("Días hábiles", exact=True).fill("10")
    page.get_by_role("button", name="Agregar otro acuerdo").click()
    expect(page.locator("#acuerdo-4")).to_be_visible()
    expect(first.get_by_label("Título")).to_have_value("Informe de la Red de Observación")
    expect(first.get_by_label("Días hábiles", exact=True)).to_have_value("10")

    second = page.locator("#acuerdo-2")
    second.get_by_label("Título").fill("Seguimiento permanente del voto en prisión preventiva")
    second.get_by_label("Área responsable").select_option("DEOEYG")
    second.get_by_label("Permanente", exact=False).check()

    third = page.locator("#acuerdo-3")
    third.get_by_label("Título").fill("Misión de acompañamiento de visitantes extranjeros")
    third.get_by_label("Punto del orden del día").select_option(label=f"3. {INFORMES}")
    third.get_by_label("Área responsable").select_option("UTVOE")
    third.get_by_label("DECEYEC", exact=True).check()
    third.get_by_label("Fecha límite", exact=True).fill("2024-07-31")
    third.get_by_label("Tema relevante").check()
    page.get_by_role("button", name="Guardar acuerdos").click()

    expect(page).to_have_url(re.compile(re.escape(session_url)))
    expect(
        page.get_by_text(
            "Se registraron 3 acuerdos: CPVOE/6SO/2024/01, CPVOE/6SO/2024/02, CPVOE/6SO/2024/03."
        )
    ).to_be_visible()
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
