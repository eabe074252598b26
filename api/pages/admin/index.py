"""`/admin`: the index of the administration pages, and the gate every one of them passes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.pages.rendering import render
from api.pages.viewer import SignedInViewer, Viewer
from states.roles import Role
from workflow.engine.errors import NotPermitted

router = APIRouter(include_in_schema=False)

PAGES = (
    ("/admin/personas", "Personas", "Altas, rol y área, desactivar y restablecer contraseñas."),
    ("/admin/areas", "Áreas", "Áreas responsables y el webhook de Teams de cada una."),
    ("/admin/organos", "Órganos", "Órganos colegiados, su webhook de Teams y su orden del día."),
    ("/admin/calendario", "Calendario", "Días inhábiles y periodos en que todos los días cuentan."),
    ("/admin/avisos", "Avisos", "Mensajes pendientes, fallidos y enviados; reintentar."),
)


def admin_viewer(viewer: SignedInViewer) -> Viewer:
    """Only administrators pass; anyone else signed in reads a 403 page."""
    if viewer.actor is None or viewer.actor.role != Role.admin:
        raise NotPermitted("Solo la administración puede abrir las páginas de administración.")
    return viewer


AdminViewer = Annotated[Viewer, Depends(admin_viewer)]


@router.get("/admin")
def admin_index(request: Request, viewer: AdminViewer) -> Response:
    return render(request, "pages/admin/index.html", {"viewer": viewer, "pages": PAGES})
