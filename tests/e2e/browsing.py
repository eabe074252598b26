"""The browser's side of the page tests: one real `seguimiento serve` on the demo data and one
headless Chromium per test module, pages with axe-core injected, screenshots, signing in.

Its fixtures reach every module of `tests/e2e` through its conftest; they are module-scoped,
so a module's tests share one server and one browser. Import `audit`, `shot` and `sign_in`,
and the steps several page tests take (`create_sixth_session`, `capture_three_acuerdos`,
`link_to`, `upload`, `pending`, `no_sideways_scroll`).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import Workbook
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.e2e.running import free_port, wait_until_answering

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
ADMIN = "admin@demo.seguimiento.mx"
WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


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
        wait_until_answering(base, process, home / "serve.log", timeout=30)
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


def run_checks(server: str, day: str) -> None:
    """The day's checks, run by the admin through the API: alerts, notifications to read."""
    token = httpx.post(
        f"{server}/api/v1/auth/token", data={"username": ADMIN, "password": PASSWORD}
    ).json()["access_token"]
    run = httpx.post(
        f"{server}/api/v1/checks/run",
        json={"date": day},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    assert run.status_code == 200, run.text


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Tablero de seguimiento")).to_be_visible()


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone ({width}px)"


def pending(page: Page) -> Locator:
    """The dashboard's «Mis pendientes» section."""
    return page.locator("section", has=page.locator("#h-pendientes"))


# The 6th ordinary session of 2024 and its agenda, as the capture and scenario tests type them.
MINUTA = "Aprobación del proyecto de minuta de la quinta sesión ordinaria de 2024."
SEGUIMIENTO = "Seguimiento de acuerdos de la quinta sesión ordinaria de 2024."
INFORMES = "Presentación de informes sobre el Programa de Trabajo."
DECIMO = "Décimo informe del Convenio General INE-IECM"
GENERALES = "Asuntos generales."
SIXTH = "CPVOE/6SO/2024"
RED = "Informe de la Red de Observación"
PRISION = "Seguimiento permanente del voto en prisión preventiva"
MISION = "Misión de acompañamiento de visitantes extranjeros"


def add_point(page: Page, number: str, text: str) -> None:
    page.get_by_role("button", name="Agregar punto", exact=True).click()
    page.get_by_label(f"Punto {number}", exact=True).fill(text)


def create_sixth_session(
    page: Page, see: Callable[[Page, str], None] = audit, prefix: str = "sesiones"
) -> str:
    """The secretariat creates the 6th ordinary session of 2024 with four agenda points, the
    last with a lettered sub-point moved up one place; `see` looks at each page it reaches."""
    page.goto("/sesiones")
    page.get_by_role("link", name="Nueva sesión").click()
    expect(page.get_by_role("heading", name="Nueva sesión")).to_be_visible()
    see(page, f"{prefix}-01-nueva")
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
    see(page, f"{prefix}-02-orden-del-dia")
    page.get_by_role("button", name="Guardar sesión").click()
    expect(page.get_by_role("heading", name="6ª sesión ordinaria de 2024")).to_be_visible()
    expect(page.get_by_text(f"Se guardó la sesión {SIXTH}.")).to_be_visible()
    see(page, f"{prefix}-03-sesion")
    return page.url


def capture_three_acuerdos(
    page: Page,
    see: Callable[[Page, str], None] = audit,
    name: str = "sesiones-04-capturar-acuerdos",
) -> None:
    """From the session's page, capture in one form an acuerdo due in 10 business days (UTVOE),
    a permanent one (DEOEYG) and a relevant one of UTVOE and DECEYEC; the form keeps what was
    typed when a fourth row is added."""
    page.get_by_role("link", name="Capturar acuerdos").click()
    expect(page.get_by_role("heading", name=re.compile("Capturar acuerdos"))).to_be_visible()
    see(page, name)

    first = page.locator("#acuerdo-1")
    first.get_by_label("Título").fill(RED)
    first.get_by_label("Texto del acuerdo").fill("La UTVOE presentará el informe final.")
    first.get_by_label("Punto del orden del día").select_option(label=f"3 a) {DECIMO}")
    first.get_by_label("Área responsable").select_option("UTVOE")
    first.get_by_label("En días hábiles", exact=False).check()
    first.get_by_label("Días hábiles", exact=True).fill("10")
    page.get_by_role("button", name="Agregar otro acuerdo").click()
    expect(page.locator("#acuerdo-4")).to_be_visible()
    expect(first.get_by_label("Título")).to_have_value(RED)
    expect(first.get_by_label("Días hábiles", exact=True)).to_have_value("10")

    second = page.locator("#acuerdo-2")
    second.get_by_label("Título").fill(PRISION)
    second.get_by_label("Área responsable").select_option("DEOEYG")
    second.get_by_label("Permanente", exact=False).check()

    third = page.locator("#acuerdo-3")
    third.get_by_label("Título").fill(MISION)
    third.get_by_label("Punto del orden del día").select_option(label=f"3. {INFORMES}")
    third.get_by_label("Área responsable").select_option("UTVOE")
    third.get_by_label("DECEYEC", exact=True).check()
    third.get_by_label("Fecha límite", exact=True).fill("2024-07-31")
    third.get_by_label("Tema relevante").check()
    page.get_by_role("button", name="Guardar acuerdos").click()
    expect(
        page.get_by_text(f"Se registraron 3 acuerdos: {SIXTH}/01, {SIXTH}/02, {SIXTH}/03.")
    ).to_be_visible()


def starting(text: str, *, then: str = "") -> re.Pattern[str]:
    """A name that begins with `text` (slashes escaped: Playwright's selector ends a regular
    expression at an unescaped one)."""
    return re.compile("^" + (re.escape(text) + then).replace("/", r"\/"))


def link_to(page: Page, key: str) -> None:
    """On an acuerdo's page, choose the item with `key` (its option reads «key — title») in
    «Vinculado con» and link."""
    option = page.locator("#vinculo-target option", has_text=f"{key} — ").first
    value = option.get_attribute("value")
    assert value is not None
    page.get_by_label("Vincular con un convenio o una actividad").select_option(value)
    page.get_by_role("button", name="Vincular", exact=True).click()


LAST_YEAR = "CPVOE/6SO/2023"
SHEET_HEADER = ["clave", "sesión", "fecha de sesión", "acuerdo", "áreas", "plazo", "estado"]


def last_years_sheet(deadline_of_second: str) -> bytes:
    """Last year's sheet of the 6th ordinary session: three acuerdos, as an XLSX file."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(SHEET_HEADER)
    for number, title, area, deadline, state in (
        ("01", "Difundir el calendario anual", "UTVOE", "31/01/2024", "Cumplido"),
        ("02", "Difundir el directorio de enlaces", "UTVOE", deadline_of_second, "En proceso"),
        ("03", "Informar sobre el voto anticipado", "UTAJ", "", "Aprobado"),
    ):
        ws.append([f"{LAST_YEAR}/{number}", LAST_YEAR, "15/12/2023", title, area, deadline, state])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(page: Page, data: bytes) -> None:
    """On `/importar`, dry-run `data` as a sheet of acuerdos."""
    page.get_by_label("Qué contiene").select_option("agreements")
    page.get_by_label("Archivo CSV o XLSX").set_input_files(
        files=[
            {
                "name": "acuerdos-2023.xlsx",
                "buffer": data,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ]
    )
    page.get_by_role("button", name="Revisar sin guardar").click()


def look(page: Page, name: str) -> None:
    """A new page seen as the scenario asks: axe-core and a screenshot at 1366 px, then at a
    390 px phone (no sideways scroll), and back to 1366 px."""
    page.set_viewport_size(WIDE)
    audit(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    audit(page, f"{name}-390")
    page.set_viewport_size(WIDE)
