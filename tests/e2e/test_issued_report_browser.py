"""The secretariat, in a real browser, writes an observación on the 5th session's report, issues
it, downloads the PDF and finds the version listed on the session page with its SHA-256; the
pages pass axe-core and fit a 390 px phone (screenshots at 1366 and 390 px)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import SECRETARIAT, audit, shot, sign_in

OBSERVACION = "Se presentó en tiempo; la UTVOE entregó el informe final."


def open_report(page: Page) -> str:
    page.goto("/sesiones")
    page.get_by_role("link", name=re.compile("5ª sesión ordinaria")).first.click()
    session_path = page.url.split("://", 1)[1].split("/", 1)[1]
    page.get_by_role("link", name="Informe de seguimiento de acuerdos").click()
    expect(page.get_by_role("heading", name="Observaciones por renglón")).to_be_visible()
    return "/" + session_path


def test_the_secretariat_annotates_issues_and_finds_the_version(page: Page, tmp_path: Path) -> None:
    sign_in(page, SECRETARIAT)
    session_path = open_report(page)
    audit(page, "emitido-01-borrador")

    first = page.locator("textarea[name^='obs:']").first
    first.fill(OBSERVACION)
    page.get_by_role("button", name="Guardar observaciones").click()
    expect(page.get_by_text("Se guardaron las observaciones de 1 renglón(es).")).to_be_visible()
    expect(page.locator("textarea[name^='obs:']").first).to_have_value(OBSERVACION)

    page.get_by_role("button", name="Emitir informe").click()
    # The browser refuses the form until the confirmation is ticked.
    expect(page.get_by_role("heading", name="Emitir el informe")).to_be_visible()
    page.get_by_label(re.compile("^Confirmo que esta versión")).check()
    with page.expect_download(timeout=120_000) as issued:
        page.get_by_role("button", name="Emitir informe").click()
    target = tmp_path / issued.value.suggested_filename
    issued.value.save_as(target)
    content = target.read_bytes()
    assert content.startswith(b"%PDF") and "emitido-2024-01" in target.name

    page.goto(session_path)
    versions = page.get_by_role("region", name=re.compile("versiones emitidas"))
    expect(page.get_by_text(re.compile("^Se emitió la versión 1/2024"))).to_be_visible()
    expect(versions.get_by_role("cell", name="1/2024", exact=True)).to_be_visible()
    digest = hashlib.sha256(content).hexdigest()
    expect(page.get_by_label(re.compile("SHA-256 completo del PDF de la versión 1"))).to_have_value(
        digest
    )
    expect(versions.get_by_role("link", name=re.compile("^PDF"))).to_have_count(1)
    audit(page, "emitido-02-sesion")


def test_the_report_and_session_pages_fit_a_phone(browser: Browser, server: str) -> None:
    phone = browser.new_context(
        base_url=server, viewport={"width": 390, "height": 844}, bypass_csp=True
    ).new_page()
    wide = browser.new_context(
        base_url=server, viewport={"width": 1366, "height": 900}, bypass_csp=True
    ).new_page()
    sign_in(phone, SECRETARIAT)
    sign_in(wide, SECRETARIAT)
    session_path = open_report(phone)
    for path, name in (
        (f"{session_path}/seguimiento", "movil-emitido-informe"),
        (session_path, "movil-emitido-sesion"),
    ):
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        audit(phone, name)
        wide.goto(path)
        shot(wide, name.replace("movil-", "escritorio-1366-"))
    phone.context.close()
    wide.context.close()
