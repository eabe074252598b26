"""Who is looking at a page: a signed-in person (from the session cookie) or, when the
institution publishes its follow-up, an anonymous reader of the public pages.

The cookie carries only a random session id; the session row (`workflow.directory.web_sessions`)
says whose it is and whether it is still open (logout, password change, idle and absolute timeouts).
Role, area and `active` are read from the database on every request, so a change of role or a
deactivated account takes effect at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.context import AppContext
from api.deps import READ_METHODS, ClockDep, SessionDep, SettingsDep, context, note_user
from api.pages.csrf import ensure_token
from notifications import inbox
from workflow.directory import web_sessions
from workflow.engine.actors import Actor
from workflow.engine.errors import NotAuthenticated
from workflow.models import User, WebSession
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings

log = logging.getLogger("seguimiento.pages")

SESSION_ID_KEY = "sid"
"""The cookie's random session id (the table keeps its digest)."""
LEGACY_USER_KEY = "uid"


@dataclass(frozen=True)
class Viewer:
    user: User | None
    unread: int = 0
    """In-app notifications not yet read (the count beside «Notificaciones»)."""

    @property
    def signed_in(self) -> bool:
        return self.user is not None

    @property
    def actor(self) -> Actor | None:
        return Actor.of(self.user) if self.user is not None else None

    @property
    def is_editor(self) -> bool:
        actor = self.actor
        return actor is not None and actor.is_editor


def current_viewer(
    request: Request,
    session: SessionDep,
    clock: ClockDep,
    ctx: Annotated[AppContext, Depends(context)],
    background: BackgroundTasks,
) -> Viewer:
    """The person of the session cookie, or an anonymous viewer.

    Activity is recorded at most once a minute: by a writing request in its own transaction,
    after a reading one has been answered."""
    ensure_token(request)
    request.session.pop(LEGACY_USER_KEY, None)  # cookies of before: a user id is not a session
    now = clock.now()
    found = _open_session(session, request.session.get(SESSION_ID_KEY), now, ctx.settings)
    if found is None:
        request.session.pop(SESSION_ID_KEY, None)
        return Viewer(user=None)
    row, user = found
    note_user(request, user.id)
    if web_sessions.needs_touch(row, now):
        if request.method in READ_METHODS:
            background.add_task(_touch_apart, ctx, row.id, now)
        else:
            web_sessions.touch(session=session, row_id=row.id, at=now)
    return _viewer_of(session, user)


def _open_session(
    session: Session, sid: object, now: datetime, settings: Settings
) -> tuple[WebSession, User] | None:
    """The open page session of the cookie's id and its active person; None otherwise."""
    if not isinstance(sid, str):
        return None
    row = web_sessions.find(
        session=session, session_id=sid, at=now, timeouts=web_sessions.Timeouts.of(settings)
    )
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None or not user.active:
        return None
    return row, user


def _viewer_of(session: Session, user: User) -> Viewer:
    return Viewer(user=user, unread=inbox.unread_count(session=session, actor=Actor.of(user)))


def viewer_apart(request: Request) -> Viewer:
    """Who is signed in, for a page drawn outside a route (an error page): read in a short
    session of its own that changes nothing; anonymous when it cannot be read."""
    cookie = request.scope.get("session")
    sid = cookie.get(SESSION_ID_KEY) if isinstance(cookie, dict) else None
    if not isinstance(sid, str):
        return Viewer(user=None)
    ctx: AppContext = request.app.state.context
    try:
        with ctx.sessions() as session:
            found = _open_session(session, sid, ctx.clock().now(), ctx.settings)
            return Viewer(user=None) if found is None else _viewer_of(session, found[1])
    except SQLAlchemyError:
        log.warning("No se pudo leer la sesión para una página de error", exc_info=True)
        return Viewer(user=None)


def _touch_apart(ctx: AppContext, row_id: int, at: datetime) -> None:
    """Record a reading request's activity (for the idle timeout) once its page has been sent,
    in a short transaction of its own: a page never waits for the write lock to show."""
    try:
        with unit_of_work(ctx.writers) as writer:
            web_sessions.touch(session=writer, row_id=row_id, at=at)
    except SQLAlchemyError:
        # Busy database: nothing is lost but a minute of idle time; the next request retries.
        log.warning("No se pudo registrar la actividad de una sesión", exc_info=True)


def public_viewer(
    viewer: Annotated[Viewer, Depends(current_viewer)], settings: SettingsDep
) -> Viewer:
    """For the pages anonymous people may read when `public_pages` is on."""
    if not viewer.signed_in and not settings.public_pages:
        raise NotAuthenticated("Inicie sesión para consultar el seguimiento.")
    return viewer


def signed_in_viewer(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    """For the pages only people with an account may read."""
    if not viewer.signed_in:
        raise NotAuthenticated("Inicie sesión para consultar esta página.")
    return viewer


def signed_in_user(viewer: Annotated[Viewer, Depends(signed_in_viewer)]) -> User:
    """The person signed in (`NotAuthenticated` where nobody is)."""
    if viewer.user is None:
        raise NotAuthenticated("Inicie sesión para consultar esta página.")
    return viewer.user


def signed_in_actor(viewer: Annotated[Viewer, Depends(signed_in_viewer)]) -> Actor:
    return Actor.of(signed_in_user(viewer))


PublicViewer = Annotated[Viewer, Depends(public_viewer)]
SignedInViewer = Annotated[Viewer, Depends(signed_in_viewer)]
PageActor = Annotated[Actor, Depends(signed_in_actor)]
PageUser = Annotated[User, Depends(signed_in_user)]
