"""`/login` and `/logout`: the session cookie of the pages (HttpOnly, SameSite=Lax, Secure when
the app is served over https; see `install_sessions`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.middleware.sessions import SessionMiddleware

from api.deps import SessionDep
from api.pages.csrf import CheckedForm, ensure_token, rotate
from api.pages.rendering import flash, render
from api.pages.viewer import USER_KEY, Viewer, current_viewer
from workflow.auth import user_for_password
from workflow.settings import Settings

router = APIRouter(include_in_schema=False)

COOKIE = "seguimiento_sesion"
MAX_AGE = 12 * 60 * 60
"""A working day and a half; after that the person signs in again."""


def install_sessions(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie=COOKIE,
        max_age=MAX_AGE,
        same_site="lax",
        https_only=settings.base_url.startswith("https://"),
    )


def safe_next(target: str | None) -> str:
    """Only a path of this site: never `//other.example` or `https://…` (open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_form(
    request: Request, viewer: Annotated[Viewer, Depends(current_viewer)], next: str = "/"
) -> Response:
    if viewer.signed_in:
        return RedirectResponse(safe_next(next), status_code=303)
    ensure_token(request)
    return render(request, "pages/login.html", {"viewer": viewer, "next": safe_next(next)})


@router.post("/login")
def login(request: Request, form: CheckedForm, session: SessionDep) -> Response:
    email = str(form.get("email") or "").strip()
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    user = user_for_password(session=session, email=email, password=password) if email else None
    if user is None:
        return render(
            request,
            "pages/login.html",
            {
                "viewer": Viewer(user=None),
                "next": target,
                "email": email,
                "error": "Correo o contraseña incorrectos.",
            },
            status_code=401,
        )
    request.session.clear()  # a fresh session: nothing from before sign-in carries over
    request.session[USER_KEY] = user.id
    rotate(request)
    flash(request, f"Bienvenida o bienvenido, {user.name}.")
    return RedirectResponse(target, status_code=303)


@router.get("/logout")
def logout_form(request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]) -> Response:
    """Signing out is a POST (a link elsewhere cannot sign anyone out); this page asks for it."""
    if not viewer.signed_in:
        return RedirectResponse("/login", status_code=303)
    return render(request, "pages/logout.html", {"viewer": viewer})


@router.post("/logout")
def logout(request: Request, form: CheckedForm) -> Response:
    request.session.clear()
    rotate(request)
    flash(request, "Cerró su sesión.")
    return RedirectResponse("/login", status_code=303)
