"""`/login` and `/logout`: the session cookie of the pages (HttpOnly, SameSite=Lax, Secure when
the app is served over https; see `install_sessions`).

The cookie is signed but carries only a random session id, the CSRF token and pending flash
messages; who is signed in, and until when, is the session row's business
(`workflow.directory.web_sessions`). Sign-in attempts are throttled and audited
(`workflow.directory.signin`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.middleware.sessions import SessionMiddleware

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.csrf import CheckedForm, ensure_token, rotate
from api.pages.rendering import done, render
from api.pages.viewer import SESSION_ID_KEY, Viewer, current_viewer
from workflow.directory import signin, web_sessions
from workflow.models import User
from workflow.runtime.settings import Settings

router = APIRouter(include_in_schema=False)

COOKIE = "seguimiento_sesion"


def install_sessions(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key.get_secret_value(),
        session_cookie=COOKIE,
        # The browser may keep the cookie as long as the session could last; the row decides.
        max_age=round(settings.session_max_hours * 3600),
        same_site="lax",
        https_only=settings.base_url.startswith("https://"),
    )


def client_address(request: Request) -> str | None:
    """The caller's address (behind a proxy, uvicorn takes it from X-Forwarded-For)."""
    return request.client.host if request.client else None


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
def login(
    request: Request, form: CheckedForm, session: SessionDep, clock: ClockDep, settings: SettingsDep
) -> Response:
    email = str(form.get("email") or "").strip()
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    now = clock.now()
    tried = signin.attempt(
        session=session,
        email=email,
        password=password,
        client=client_address(request),
        channel="page",
        at=now,
        limits=signin.Limits.of(settings),
    )
    if tried.user is None:
        # Answered, not raised: the audit row of this attempt must be committed.
        page = {"viewer": Viewer(user=None), "next": target, "email": email[:320]}
        if tried.retry_after is not None:
            response = render(
                request,
                "pages/login.html",
                {**page, "error": signin.throttled_message(tried.retry_after)},
                status_code=429,
            )
            response.headers["Retry-After"] = str(tried.retry_after)
            return response
        return render(
            request,
            "pages/login.html",
            {**page, "error": "Correo o contraseña incorrectos."},
            status_code=401,
        )
    start_session(request, session, tried.user, now)
    return done(request, target, f"Bienvenida o bienvenido, {tried.user.name}.")


def start_session(request: Request, session: Session, user: User, now: datetime) -> None:
    """Sign `user` in on this browser: a fresh cookie session (nothing from before carries
    over) naming a new server-side session, and a new CSRF token."""
    _end_current(request, session, now)
    request.session.clear()
    request.session[SESSION_ID_KEY] = web_sessions.start(
        session=session,
        user=user,
        at=now,
        client=client_address(request),
        user_agent=request.headers.get("user-agent"),
    )
    rotate(request)


def _end_current(request: Request, session: Session, now: datetime) -> User | None:
    """End the session the cookie names, if any; its person, for the audit log."""
    sid = request.session.get(SESSION_ID_KEY)
    if not isinstance(sid, str):
        return None
    row = web_sessions.end(session=session, session_id=sid, at=now)
    return session.get(User, row.user_id) if row is not None else None


@router.get("/logout")
def logout_form(request: Request, viewer: Annotated[Viewer, Depends(current_viewer)]) -> Response:
    """Signing out is a POST (a link elsewhere cannot sign anyone out); this page asks for it."""
    if not viewer.signed_in:
        return RedirectResponse("/login", status_code=303)
    return render(request, "pages/logout.html", {"viewer": viewer})


@router.post("/logout")
def logout(request: Request, form: CheckedForm, session: SessionDep, clock: ClockDep) -> Response:
    """Ends the session on the server: the cookie, even a copy of it, opens nothing afterwards."""
    now = clock.now()
    user = _end_current(request, session, now)
    if user is not None:
        signin.record_logout(session=session, user=user, client=client_address(request), at=now)
    request.session.clear()
    rotate(request)
    return done(request, "/login", "Cerró su sesión.")
