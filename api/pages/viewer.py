"""Who is looking at a page: a signed-in person (from the session cookie) or, when the
institution publishes its follow-up, an anonymous reader of the public pages.

The cookie only names the user; role, area and `active` are read from the database on every
request, so a change of role or a deactivated account takes effect at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api.deps import SessionDep, SettingsDep
from api.pages.csrf import ensure_token
from notifications import inbox
from workflow.actors import Actor
from workflow.errors import NotAuthenticated
from workflow.models import User

USER_KEY = "uid"


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


def current_viewer(request: Request, session: SessionDep) -> Viewer:
    """The person of the session cookie, or an anonymous viewer."""
    ensure_token(request)
    uid = request.session.get(USER_KEY)
    user = session.get(User, uid) if isinstance(uid, int) else None
    if user is not None and not user.active:
        request.session.clear()
        user = None
    if user is None:
        return Viewer(user=None)
    return Viewer(user=user, unread=inbox.unread_count(session=session, actor=Actor.of(user)))


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


def signed_in_actor(viewer: Annotated[Viewer, Depends(signed_in_viewer)]) -> Actor:
    actor = viewer.actor
    assert actor is not None
    return actor


PublicViewer = Annotated[Viewer, Depends(public_viewer)]
SignedInViewer = Annotated[Viewer, Depends(signed_in_viewer)]
PageActor = Annotated[Actor, Depends(signed_in_actor)]
