"""The browser's side of the page tests: one real `seguimiento serve` on the demo data and one
headless Chromium per test module, pages with axe-core injected, screenshots, signing in.

Its fixtures reach every module of `tests/e2e` through its conftest; they are module-scoped,
so a module's tests share one server and one browser. Import `audit`, `shot` and `sign_in`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

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
