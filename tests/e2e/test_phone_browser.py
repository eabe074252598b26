"""Every page of the app on a 390 px phone, as the secretariat, as an area head and as the admin:
none scrolls sideways, and every entry of the navigation can be reached (scrolled into view, it
is on the screen). The people have unread notifications first: the count beside «Notificaciones»
and its hidden label once pushed every page wider than the phone. Screenshots go to
`test-artifacts/browser/movil-390-*.png`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

# `browser` and `server` come from tests/e2e/conftest.py (tests.e2e.browsing)
from tests.e2e.browsing import ADMIN, AREA_HEAD, SECRETARIAT, run_checks, shot, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
NAV = ["Tablero", "Acuerdos", "Convenios", "Actividades", "Sesiones"]
AFTER = ["Notificaciones", "Mi cuenta"]
EXPECTED_NAV = {
    "secretaria": [*NAV, "Importar", *AFTER],
    "area": [*NAV, *AFTER],
    "admin": [*NAV, "Importar", *AFTER, "Administración"],
}


@pytest.fixture(scope="module")
def unread(server: str) -> None:
    """The day's checks run once, so the people have unread notifications."""
    run_checks(server, "2024-06-10")


@pytest.fixture
def phone(browser: Browser, server: str, unread: None) -> Iterator[Page]:
    context = browser.new_context(base_url=server, viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


def first_href(page: Page, path: str, selector: str = "table.items tbody a") -> str:
    page.goto(path)
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"{path}: no link {selector}"
    return href


def common_pages(page: Page) -> list[tuple[str, str]]:
    """What everyone signed in reads: dashboard, lists, details, sessions, reports, account."""
    meeting = first_href(page, "/sesiones", "main a[href^='/sesiones/']:not([href$='nueva'])")
    convenio = first_href(page, "/convenios")
    return [
        ("/", "tablero"),
        ("/acuerdos", "acuerdos"),
        (first_href(page, "/acuerdos"), "acuerdo"),
        ("/convenios", "convenios"),
        (convenio, "convenio"),
        (f"{convenio}/informes", "informes-de-avance"),
        ("/actividades", "actividades"),
        (first_href(page, "/actividades"), "actividad"),
        ("/sesiones", "sesiones"),
        (meeting, "sesion"),
        (f"{meeting}/seguimiento", "informe-de-seguimiento"),
        ("/organos/CPVOE/orden-del-dia", "orden-del-dia"),
        ("/notificaciones", "notificaciones"),
        ("/mi-cuenta", "mi-cuenta"),
        ("/no-existe", "404"),
    ]


def secretariat_pages(page: Page) -> list[tuple[str, str]]:
    meeting = first_href(page, "/sesiones", "main a[href^='/sesiones/']:not([href$='nueva'])")
    return [
        ("/sesiones/nueva", "sesion-nueva"),
        ("/sesiones/nueva?borrador=CPVOE", "sesion-desde-orden-del-dia"),
        (f"{meeting}/editar", "sesion-editar"),
        (f"{meeting}/acuerdos/nuevos", "capturar-acuerdos"),
        ("/actividades/nueva", "actividad-nueva"),
        ("/importar", "importar"),
    ]


def admin_pages(page: Page) -> list[tuple[str, str]]:
    page.goto("/admin")
    hrefs = page.locator("main ul a[href^='/admin/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs, "the admin index lists its pages"
    return [("/admin", "admin"), *((h, "admin-" + h.strip("/").replace("/", "-")) for h in hrefs)]


def fits_a_phone(page: Page, path: str, name: str, nav: list[str]) -> None:
    """`path` on the phone: no sideways scroll, every navigation entry reachable."""
    response = page.goto(path)
    assert response is not None and response.status < 500, f"{path}: {response}"
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{path} scrolls sideways on a phone ({width}px > {inner}px)"
    links = page.locator("nav.site-nav a")
    names = [re.sub(r"\s+", " ", t).strip() for t in links.all_inner_texts()]
    assert len(names) == len(nav) and all(
        n.startswith(e) for n, e in zip(names, nav, strict=True)
    ), f"{path}: navigation {names}"
    for i in range(links.count()):
        link = links.nth(i)
        link.scroll_into_view_if_needed()
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= inner, (
            f"{path}: «{names[i]}» is off the screen ({box})"
        )
    shot(page, f"movil-390-{name}")


def test_every_page_fits_a_phone_for_the_secretariat(phone: Page) -> None:
    sign_in(phone, SECRETARIAT)
    expect(phone.locator("nav.site-nav .count")).to_be_visible()  # unread notifications
    for path, name in [*common_pages(phone), *secretariat_pages(phone)]:
        fits_a_phone(phone, path, f"secretaria-{name}", EXPECTED_NAV["secretaria"])


def test_every_page_fits_a_phone_for_an_area_head(phone: Page) -> None:
    sign_in(phone, AREA_HEAD)
    expect(phone.locator("nav.site-nav .count")).to_be_visible()
    for path, name in common_pages(phone):
        fits_a_phone(phone, path, f"area-{name}", EXPECTED_NAV["area"])


def test_every_admin_page_fits_a_phone(phone: Page) -> None:
    sign_in(phone, ADMIN)
    for path, name in admin_pages(phone):
        fits_a_phone(phone, path, name, EXPECTED_NAV["admin"])


def test_the_follow_up_report_tables_scroll_in_their_box_not_the_page(phone: Page) -> None:
    sign_in(phone, SECRETARIAT)
    meeting = first_href(phone, "/sesiones", "main a[href^='/sesiones/']:not([href$='nueva'])")
    phone.goto(f"{meeting}/seguimiento")
    box = phone.locator(".report .table-wrap").first
    box.scroll_into_view_if_needed()
    inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert inner > outer, "a wide table keeps readable columns and scrolls inside its box"
    assert phone.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    shot(phone, "movil-390-informe-de-seguimiento-tabla")
