"""`/notificaciones`: the person's in-app inbox."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import SessionDep
from api.pages.rendering import render
from api.pages.viewer import SignedInViewer

router = APIRouter(include_in_schema=False)


@router.get("/notificaciones")
def inbox(request: Request, session: SessionDep, viewer: SignedInViewer) -> Response:
    return render(request, "pages/notifications.html", {"viewer": viewer, "messages": []})
