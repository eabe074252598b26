"""`/admin/personas`: list people, create them (with a password or an invitation link), change
role and area, deactivate and reactivate, and reset a password with a new link.

Thin: the same services as `POST/PATCH /api/v1/users` (`workflow.directory.catalogue`,
`workflow.directory.people`), the form checked with the API's schemas; links by
`workflow.directory.invitations`, e-mailed through the outbox (`notifications.invitation_mail`) and
shown to the administrator in any case.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.admin.index import AdminViewer
from api.pages.csrf import CheckedForm
from api.pages.fields import as_body, text
from api.pages.refused import Refused, refuse, render_form
from api.pages.rendering import done, flash, render
from api.pages.viewer import PageActor
from api.schemas.common import RowId
from api.schemas.directory import UserCreate, UserUpdate
from notifications import invitation_mail
from states.roles import PERSON_ROLES, ROLE_LABELS
from workflow.directory import catalogue, invitations, people
from workflow.engine.errors import DomainError, Invalid
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

router = APIRouter(include_in_schema=False)

LABELS = {
    "name": "Nombre",
    "email": "Correo electrónico",
    "role": "Rol",
    "area": "Área",
    "password": "Contraseña",
    "repeated": "Repita la contraseña",
}
FIELDS = ("name", "email", "role", "area")


def choices(session: Session) -> dict[str, Any]:
    return {
        "roles": [(r.value, ROLE_LABELS[r]) for r in PERSON_ROLES],
        "areas": [(a.code, f"{a.code} · {a.name}") for a in catalogue.list_areas(session=session)],
    }


def list_page(
    request: Request,
    session: Session,
    viewer: AdminViewer,
    clock: Clock,
    refused: Refused | None = None,
) -> Response:
    rows = catalogue.list_users(session=session)
    links = invitations.pending(session=session, user_ids=[u.id for u in rows], now=clock.now())
    return render_form(
        request,
        "pages/admin/people.html",
        {"viewer": viewer, "people": rows, "links": links, **choices(session)},
        refused,
        typed={"role": "member"},  # the least a new person may do
    )


def link_page(
    request: Request,
    viewer: AdminViewer,
    settings: Settings,
    issued: invitations.Issued,
    *,
    reset: bool,
) -> Response:
    """The link, shown this once to the administrator (it is not stored, so never again)."""
    return render(
        request,
        "pages/admin/person_link.html",
        {
            "viewer": viewer,
            "person": issued.user,
            "link": invitation_mail.link(settings, issued.secret),
            "expires": issued.invitation.expires_at,
            "reset": reset,
            "mailed": settings.email_on,
        },
    )


@router.get("/admin/personas")
def people_page(
    request: Request, session: SessionDep, viewer: AdminViewer, clock: ClockDep
) -> Response:
    return list_page(request, session, viewer, clock)


@router.post("/admin/personas")
def create_person(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: AdminViewer,
    actor: PageActor,
    clock: ClockDep,
    settings: SettingsDep,
) -> Response:
    """With a password the person signs in at once; without one they get a link to set it."""
    typed = {f: text(form, f) for f in FIELDS}
    password = form.get("password")
    password = password if isinstance(password, str) and password else None
    try:
        if password is not None:
            people.check_password(password)
            if password != form.get("repeated"):
                raise Invalid("Las dos contraseñas no coinciden.", field="repeated")
        values = {**typed, "area": typed["area"] or None, "password": password}
        as_body(UserCreate, values, LABELS)
        user, _token = catalogue.create_user(
            session=session,
            actor=actor,
            email=typed["email"],
            name=typed["name"],
            role=typed["role"],
            area=typed["area"] or None,
            password=password,
        )
        issued = None
        if password is None:
            issued = invitation_mail.invite(
                session=session,
                actor=actor,
                settings=settings,
                user_id=user.id,
                now=clock.now(),
            )
    except DomainError as exc:
        return list_page(request, session, viewer, clock, refuse(session, exc, typed))
    if issued is not None:
        return link_page(request, viewer, settings, issued, reset=False)
    return done(
        request,
        "/admin/personas",
        f"Se dio de alta a {user.name}; ya puede iniciar sesión con su contraseña.",
    )


def edit_page(
    request: Request,
    session: Session,
    viewer: AdminViewer,
    user_id: int,
    refused: Refused | None = None,
) -> Response:
    person = catalogue.get_user(session=session, user_id=user_id)
    current = {
        "name": person.name,
        "email": person.email,
        "role": person.role,
        "area": person.area.code if person.area else "",
    }
    return render_form(
        request,
        "pages/admin/person.html",
        {"viewer": viewer, "person": person, **choices(session)},
        refused,
        typed=current,
    )


@router.get("/admin/personas/{user_id}")
def person_page(
    request: Request, user_id: RowId, session: SessionDep, viewer: AdminViewer
) -> Response:
    return edit_page(request, session, viewer, user_id)


@router.post("/admin/personas/{user_id}")
def edit_person(
    request: Request,
    user_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: AdminViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    """Name, e-mail, role and area, as `PATCH /api/v1/users/{id}`."""
    typed = {f: text(form, f) for f in FIELDS}
    changes: dict[str, Any] = {**typed, "area": typed["area"] or None}
    try:
        as_body(UserUpdate, changes, LABELS)
        user = people.update_user(
            session=session, actor=actor, user_id=user_id, changes=changes, now=clock.now()
        )
    except DomainError as exc:
        return edit_page(request, session, viewer, user_id, refuse(session, exc, typed))
    return done(request, f"/admin/personas/{user_id}", f"Se guardaron los datos de {user.name}.")


@router.post("/admin/personas/{user_id}/activa")
def set_active(
    request: Request,
    user_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: AdminViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    """Deactivating ends the person's page sessions, API tokens, links and calendar at once."""
    active = text(form, "active") == "1"
    try:
        user = people.set_active(
            session=session, actor=actor, user_id=user_id, active=active, now=clock.now()
        )
    except DomainError as exc:
        return edit_page(request, session, viewer, user_id, refuse(session, exc))
    if active:
        flash(request, f"{user.name} vuelve a estar activa; sus tokens anteriores no reviven.")
    else:
        flash(
            request,
            f"Se desactivó a {user.name}: sus sesiones, tokens y calendario dejaron de funcionar.",
        )
    return RedirectResponse(f"/admin/personas/{user_id}", status_code=303)


@router.post("/admin/personas/{user_id}/enlace")
def reset_password(
    request: Request,
    user_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: AdminViewer,
    actor: PageActor,
    clock: ClockDep,
    settings: SettingsDep,
) -> Response:
    """A new link to set a password (a reset); the earlier links stop working."""
    try:
        issued = invitation_mail.invite(
            session=session,
            actor=actor,
            settings=settings,
            user_id=user_id,
            now=clock.now(),
        )
    except DomainError as exc:
        return edit_page(request, session, viewer, user_id, refuse(session, exc))
    return link_page(request, viewer, settings, issued, reset=True)
