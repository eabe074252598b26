"""People and personal settings in a real browser against a real server: the admin deactivates
a person in `/admin/personas` and that person's open browser session and API token fail at
once; the admin invites a new person, who sets a password with the link; an area head creates
the calendar feed address at `/mi-cuenta` and a calendar client fetches it. axe-core audits
every page; screenshots are kept under `test-artifacts/browser/`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.browsing import (  # noqa: F401
    AREA_HEAD,
    PASSWORD,
    audit,
    browser,
    page,
    server,
    sign_in,
)

pytestmark = pytest.mark.e2e

ADMIN = "admin@demo.seguimiento.mx"
DEACTIVATED = "deoeyg@demo.seguimiento.mx"


def api_token(base: str, email: str) -> str:
    r = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": email, "password": PASSWORD}, timeout=10
    )
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def here(base: str, address: str) -> str:
    """The address the page shows, on the test's server (its base URL is the default one)."""
    return base + urlsplit(address).path


def other_browser(browser: Browser, server: str) -> Page:  # noqa: F811
    context = browser.new_context(
        base_url=server, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    return context.new_page()


def test_admin_deactivates_a_person_whose_session_and_token_fail_at_once(
    page: Page,  # noqa: F811
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
) -> None:
    theirs = other_browser(browser, server)
    sign_in(theirs, DEACTIVATED)
    token = api_token(server, DEACTIVATED)
    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{server}/api/v1/me/tokens", headers=bearer).status_code == 200

    sign_in(page, ADMIN)
    page.get_by_role("link", name="Administración").click()
    expect(page.get_by_role("heading", name="Administración", level=1)).to_be_visible()
    audit(page, "admin-01-indice")
    page.get_by_role("link", name="Personas").click()
    expect(page.get_by_role("heading", name="Personas", level=1)).to_be_visible()
    audit(page, "admin-02-personas")
    page.get_by_role("row", name=DEACTIVATED).get_by_role("link").click()
    audit(page, "admin-03-persona")
    page.get_by_role("button", name="Desactivar").click()
    expect(page.locator(".flash")).to_contain_text("Se desactivó")
    expect(page.get_by_role("button", name="Reactivar")).to_be_visible()

    theirs.reload()
    expect(theirs.get_by_role("heading", name="Iniciar sesión")).to_be_visible()
    assert httpx.get(f"{server}/api/v1/me/tokens", headers=bearer).status_code == 401
    theirs.context.close()


def test_admin_invites_a_person_who_sets_a_password_with_the_link(
    page: Page,  # noqa: F811
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
) -> None:
    sign_in(page, ADMIN)
    page.goto("/admin/personas")
    page.get_by_label("Nombre").fill("Mtra. Laura Vega")
    page.get_by_label("Correo electrónico").fill("laura.vega@demo.seguimiento.mx")
    page.get_by_label("Rol (obligatorio)").select_option("area")
    page.get_by_label("Área (obligatoria para el rol de área)").select_option("UTVOE")
    page.get_by_role("button", name="Dar de alta").click()
    link = page.get_by_label("Enlace de invitación").input_value()
    assert "/invitacion/inv_" in link
    audit(page, "admin-04-enlace")

    invited = other_browser(browser, server)
    invited.goto(here(server, link))
    expect(invited.get_by_role("heading", name="Elija su contraseña")).to_be_visible()
    audit(invited, "invitacion-01-formulario")
    invited.get_by_label("Contraseña nueva").fill("laura-clave-1")
    invited.get_by_label("Repita la contraseña").fill("laura-clave-1")
    invited.get_by_role("button", name="Guardar contraseña y entrar").click()
    expect(invited.get_by_role("heading", name="Tablero de seguimiento")).to_be_visible()
    expect(invited.locator(".flash")).to_contain_text("Se guardó su contraseña")
    invited.goto(here(server, link))
    expect(invited.get_by_role("heading", name="No encontrado")).to_be_visible()
    invited.context.close()


def test_area_head_subscribes_to_their_deadlines_from_my_account(
    page: Page,  # noqa: F811
    server: str,  # noqa: F811
) -> None:
    sign_in(page, AREA_HEAD)
    page.get_by_role("link", name="Mi cuenta").click()
    expect(page.get_by_role("heading", name="Mi cuenta", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Administración")).to_have_count(0)
    audit(page, "mi-cuenta-01")
    page.get_by_role("button", name="Crear la dirección del calendario").click()
    address = page.get_by_label("Dirección del calendario").input_value()
    audit(page, "mi-cuenta-02-calendario")
    feed = httpx.get(here(server, address), timeout=10)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in feed.text

    page.get_by_label("Nombre del token").fill("Hoja de seguimiento")
    page.get_by_role("button", name="Crear token").click()
    secret = page.get_by_label("Token nuevo").input_value()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(f"{server}/api/v1/me/tokens", headers=bearer).status_code == 200
    audit(page, "mi-cuenta-03-token")
    page.get_by_role("button", name="Revocar el token Hoja de seguimiento").click()
    assert httpx.get(f"{server}/api/v1/me/tokens", headers=bearer).status_code == 401
