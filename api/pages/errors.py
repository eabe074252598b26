"""Errors on pages are pages: a person who follows a bad link reads a sentence, not JSON.

`api.errors` asks `is_page_request` first and hands page requests here; the JSON API keeps its
`{"detail", "code"}` bodies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from api.pages.rendering import render

if TYPE_CHECKING:
    from api.pages.viewer import Viewer

API_PREFIXES = ("/api/", "/healthz", "/readyz", "/openapi.json", "/docs", "/redoc")

TITLES = {
    400: "Solicitud no válida",
    401: "Inicie sesión",
    403: "No tiene permiso",
    404: "No encontrado",
    405: "Método no permitido",
    409: "No se pudo aplicar",
    412: "El registro cambió",
    422: "Datos no válidos",
}


def is_page_request(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIXES)


def login_redirect(request: Request) -> RedirectResponse:
    """Back to the page after signing in; only a local path is ever used as `next`."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        target = request.headers.get("referer", "/")
        target = "/" if not target.startswith(str(request.base_url)) else target
        target = "/" + target.removeprefix(str(request.base_url))
    return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)


def error_page(
    request: Request, status: int, detail: str, viewer: Viewer | None = None
) -> Response:
    """The error as a page; with `viewer`, its header is the signed-in person's."""
    if status == 401:
        return login_redirect(request)
    return render(
        request,
        "pages/error.html",
        {
            "status": status,
            "title": TITLES.get(status, "Error"),
            "detail": detail,
            "viewer": viewer,
        },
        status_code=status,
    )
