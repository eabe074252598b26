"""The pages in a real browser against a real server: an area head reports an overdue acuerdo
as fulfilled, the secretariat confirms it, the dashboard shows it; axe-core audits every page.

Starts `seguimiento init`, `seguimiento demo` and `seguimiento serve --no-scheduler` on a fresh
SQLite file and drives Debian's headless Chromium with Playwright. Screenshots are kept under
`test-artifacts/browser/`.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CLI = str(Path(sys.executable).with_name("seguimiento"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "demo1234"
AREA_HEAD = "utvoe@demo.seguimiento.mx"
SECRETARIAT = "secretaria@demo.seguimiento.mx"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `seguimiento serve` on the demo data, in a database of its own."""
    home = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "SEGUIMIENTO_DATABASE_URL": f"sqlite:///{home / 'seguimiento.db'}",
        "SEGUIMIENTO_FILES_DIR": str(home / "archivos"),
        "SEGUIMIENTO_SECRET_KEY": "clave-de-las-pruebas-de-navegador",
    }
    for command in (["init"], ["demo"]):
        subprocess.run([CLI, *command], env=env, cwd=home, check=True, capture_output=True)
    port = free_port()
    log = (home / "serve.log").open("w")
    process = subprocess.Popen(
        [CLI, "serve", "--no-scheduler", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=home,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((home / "serve.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not AXE.is_file():
        raise RuntimeError(f"Falta {AXE}: ejecute `make node-deps` (npm ci).")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    # The pages forbid inline scripts (CSP); bypassing it lets the audit inject axe-core.
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    yield context.new_page()
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def audit(page: Page, name: str) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}: " + "; ".join(bad)
    shot(page, name)


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Tablero de seguimiento")).to_be_visible()


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
    expect(page.locator("#h-pendientes")).to_have_text("Cumplimientos por revisar")
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
