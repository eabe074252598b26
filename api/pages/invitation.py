"""`/invitacion/{secret}`: the person chooses their password with the link an administrator
made (`workflow.directory.invitations`), and is signed in. An unknown, used, replaced or expired
link reads as a 404 page that says what to do."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.auth import start_session
from api.pages.csrf import CheckedForm
from api.pages.refused import Refused, refuse, render_form
from api.pages.rendering import done
from api.pages.viewer import Viewer, current_viewer
from workflow.directory import invitations
from workflow.directory.people import PASSWORD_MIN
from workflow.engine.errors import Invalid, NotFound
from workflow.models import User

router = APIRouter(include_in_schema=False)

Secret = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/invitacion/{secret}")
def invitation_form(
    request: Request,
    secret: Secret,
    session: SessionDep,
    clock: ClockDep,
    viewer: Annotated[Viewer, Depends(current_viewer)],
) -> Response:
    return _page(request, session, viewer, secret, clock.now())


@router.post("/invitacion/{secret}")
def accept_invitation(
    request: Request,
    secret: Secret,
    form: CheckedForm,
    session: SessionDep,
    clock: ClockDep,
    viewer: Annotated[Viewer, Depends(current_viewer)],
) -> Response:
    password = form.get("password")
    repeated = form.get("repeated")
    now = clock.now()
    try:
        user = invitations.accept(
            session=session,
            secret=secret,
            password=password if isinstance(password, str) else "",
            repeated=repeated if isinstance(repeated, str) else "",
            now=now,
        )
    except Invalid as exc:
        return _page(request, session, viewer, secret, now, refuse(session, exc))
    except NotFound:
        session.rollback()
        raise
    start_session(request, session, user, now)
    return done(request, "/", f"Se guardó su contraseña, {user.name}. Ya inició sesión.")


def _page(
    request: Request,
    session: Session,
    viewer: Viewer,
    secret: str,
    now: datetime,
    refused: Refused | None = None,
) -> Response:
    """The form of a link still usable (or the 404 page), with why the password was refused."""
    row = invitations.require_known(session=session, secret=secret, now=now)
    person = session.get(User, row.user_id)
    context = {"viewer": viewer, "person": person, "secret": secret, "minimum": PASSWORD_MIN}
    return render_form(request, "pages/invitation.html", context, refused)
