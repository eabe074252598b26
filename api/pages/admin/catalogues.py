"""`/admin/areas` and `/admin/organos`: the catalogues of areas and organs (admins only).

One shape serves both: a list with a form to create one, an edit page per code (name, the Teams
Workflows webhook, and for an organ its standing agenda items) and «Enviar tarjeta de prueba», which
posts a card to the stored webhook at once and says what happened. The forms call the same
`workflow.directory.catalogue` services as `PATCH /api/v1/organs|areas/{code}`; a refused form is
shown again with what was typed and nothing is saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import SessionDep, SettingsDep
from api.pages.admin.index import admin_viewer
from api.pages.csrf import CheckedForm
from api.pages.fields import text
from api.pages.refused import Refused, refuse, render_form
from api.pages.rendering import done, flash
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.schemas.common import CODE_LENGTH, CODE_PATTERN
from api.schemas.directory import without_secret
from notifications.channels import teams
from workflow.directory import catalogue
from workflow.engine.actors import Actor
from workflow.engine.errors import DomainError, Invalid
from workflow.runtime.settings import Settings

router = APIRouter(include_in_schema=False, dependencies=[Depends(admin_viewer)])
"""Administrators only, like every admin page (`admin_viewer`)."""


@dataclass(frozen=True)
class Catalogue:
    """How areas or organs plug into the shared catalogue pages."""

    path: str
    title: str
    noun: str
    """«área», «órgano»: in sentences."""
    article: str
    listing: Callable[..., Any]
    for_edit: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    standing: bool
    """Organs have standing agenda items; areas do not."""


AREAS = Catalogue(
    "/admin/areas", "Áreas", "área", "el área", catalogue.list_areas, catalogue.area_for_edit,
    catalogue.create_area, catalogue.update_area, standing=False,
)  # fmt: skip
ORGANS = Catalogue(
    "/admin/organos", "Órganos colegiados", "órgano", "el órgano", catalogue.list_organs,
    catalogue.organ_for_edit, catalogue.create_organ, catalogue.update_organ, standing=True,
)  # fmt: skip


def _changes(form: FormData, cat: Catalogue, *, editing: bool) -> dict[str, Any]:
    """The fields the form sets: a blank webhook keeps the one stored (its signature is never
    shown, so it cannot be typed back), «Quitar» removes it."""
    changes: dict[str, Any] = {"name": text(form, "name")}
    webhook = text(form, "teams_webhook_url")
    if text(form, "remove_webhook"):
        changes["teams_webhook_url"] = None
    elif webhook or not editing:
        changes["teams_webhook_url"] = webhook or None
    if cat.standing and "standing_items" in form:
        raw = form.get("standing_items")
        lines = raw.splitlines() if isinstance(raw, str) else []
        changes["standing_items"] = [line.strip() for line in lines if line.strip()]
    return changes


def _code(form: FormData) -> str:
    code = text(form, "code").upper()
    if len(code) > CODE_LENGTH or not re.fullmatch(CODE_PATTERN, code):
        raise Invalid(
            f"La clave debe tener de 1 a {CODE_LENGTH} letras, números o _ . - (sin espacios).",
            field="code",
        )
    return code


def _list(
    request: Request,
    cat: Catalogue,
    *,
    session: Session,
    viewer: Viewer,
    refused: Refused | None = None,
) -> Response:
    units = cat.listing(session=session)
    return render_form(
        request,
        "pages/admin/catalogue.html",
        {
            "viewer": viewer,
            "cat": cat,
            "units": [(u, without_secret(u.teams_webhook_url)) for u in units],
        },
        refused,
    )


def _edit(
    request: Request,
    cat: Catalogue,
    unit: Any,
    *,
    viewer: Viewer,
    refused: Refused | None = None,
) -> Response:
    saved = {
        "name": unit.name,
        "standing_items": "\n".join(getattr(unit, "standing_items", None) or []),
    }
    return render_form(
        request,
        "pages/admin/catalogue_edit.html",
        {
            "viewer": viewer,
            "cat": cat,
            "unit": unit,
            "webhook": without_secret(unit.teams_webhook_url),
        },
        refused,
        typed=saved,
    )


def _typed(form: FormData) -> dict[str, str]:
    names = ("code", "name", "teams_webhook_url", "standing_items", "remove_webhook")
    return {n: text(form, n) for n in names}


def add_routes(cat: Catalogue) -> None:
    """The list, create, edit and test-card routes of one catalogue."""

    @router.get(cat.path)
    def list_page(request: Request, session: SessionDep, viewer: SignedInViewer) -> Response:
        return _list(request, cat, session=session, viewer=viewer)

    @router.post(cat.path)
    def create(
        request: Request,
        form: CheckedForm,
        session: SessionDep,
        viewer: SignedInViewer,
        actor: PageActor,
        settings: SettingsDep,
    ) -> Response:
        try:
            code = _code(form)
            changes = _changes(form, cat, editing=False)
            cat.create(session=session, actor=actor, code=code, name=changes["name"])
            _update(cat, session, actor, settings, code, changes)
        except DomainError as exc:
            refused = refuse(session, exc, _typed(form))
            return _list(request, cat, session=session, viewer=viewer, refused=refused)
        return done(request, f"{cat.path}/{quote(code)}", f"Se creó {cat.article} {code}.")

    @router.get(cat.path + "/{code}")
    def edit_page(
        request: Request, code: str, session: SessionDep, viewer: SignedInViewer
    ) -> Response:
        unit = cat.for_edit(session=session, code=code[:CODE_LENGTH])
        return _edit(request, cat, unit, viewer=viewer)

    @router.post(cat.path + "/{code}")
    def edit(
        request: Request,
        code: str,
        form: CheckedForm,
        session: SessionDep,
        viewer: SignedInViewer,
        actor: PageActor,
        settings: SettingsDep,
    ) -> Response:
        unit = cat.for_edit(session=session, code=code[:CODE_LENGTH])
        try:
            _update(cat, session, actor, settings, unit.code, _changes(form, cat, editing=True))
        except DomainError as exc:
            refused = refuse(session, exc, _typed(form))
            unit = cat.for_edit(session=session, code=unit.code)
            return _edit(request, cat, unit, viewer=viewer, refused=refused)
        return done(
            request, f"{cat.path}/{quote(unit.code)}", f"Se guardaron los cambios de {unit.code}."
        )

    @router.post(cat.path + "/{code}/prueba")
    def test_card(
        request: Request,
        code: str,
        form: CheckedForm,
        session: SessionDep,
        settings: SettingsDep,
    ) -> Response:
        """Post a test card to the stored webhook now and say how the webhook answered."""
        unit = cat.for_edit(session=session, code=code[:CODE_LENGTH])
        back = f"{cat.path}/{quote(unit.code)}"
        if not unit.teams_webhook_url:
            return done(
                request, back, f"{cat.article.capitalize()} no tiene webhook de Teams.", "error"
            )
        failure = teams.send_test_card(
            url=unit.teams_webhook_url,
            unit_name=f"{unit.code} — {unit.name}",
            link=settings.base_url.rstrip("/") + back,
            settings=settings,
        )
        if failure is None:
            flash(request, "El webhook recibió la tarjeta de prueba: revise el canal de Teams.")
        else:
            flash(request, f"La tarjeta de prueba no se entregó. {failure}", "error")
        return RedirectResponse(back, status_code=303)


def _update(
    cat: Catalogue,
    session: Session,
    actor: Actor,
    settings: Settings,
    code: str,
    changes: dict[str, Any],
) -> None:
    cat.update(
        session=session,
        actor=actor,
        code=code,
        changes=changes,
        allow_local_http=settings.teams_allow_local_http,
    )


add_routes(AREAS)
add_routes(ORGANS)
