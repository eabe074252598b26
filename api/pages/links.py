"""`/acuerdos/{id}/vinculos`: the secretariat links an acuerdo to a convenio or an activity, or
removes a link, from the acuerdo's page (plain forms; `workflow.items.links` does the work the
API's PATCH does too). A refused form shows the page again with the choice kept and the reason
next to the form."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import ClockDep, SessionDep
from api.item_access import Found, item_access
from api.pages.agreements import PAGE
from api.pages.csrf import CheckedForm
from api.pages.fields import text, version
from api.pages.items import show
from api.pages.refused import refuse
from api.pages.rendering import done
from api.pages.viewer import SignedInViewer, Viewer, signed_in_actor
from workflow.engine.actors import require_editor
from workflow.engine.errors import DomainError
from workflow.items import links
from workflow.items.listing import is_overdue
from workflow.models import Agreement
from workflow.runtime.clock import Clock

router = APIRouter(include_in_schema=False)
loaded = item_access(Agreement).found
FOUND = Annotated[Found[Any], loaded]

NOUNS = {"convenio": "el convenio", "activity": "la actividad"}


def _post(
    request: Request,
    *,
    form: FormData,
    session: Session,
    viewer: Viewer,
    clock: Clock,
    found: Found[Any],
    linked: bool,
) -> Response:
    """Link the acuerdo to the posted choice (`linked`) or remove that link."""
    actor = signed_in_actor(viewer)
    require_editor(actor)  # 403 before anything else, whatever the form says
    item = found.item
    chosen = text(form, "target")
    try:
        kind, target_id = links.parse_choice(chosen)
        other = links.toggle(
            session=session,
            actor=actor,
            clock=clock,
            agreement=item,
            kind=kind,
            target_id=target_id,
            linked=linked,
            expected_version=version(form),
        )
    except DomainError as exc:
        failed = refuse(session, exc, {"target": chosen}, "link")
        return show(
            request,
            PAGE,
            session=session,
            viewer=viewer,
            clock=clock,
            found=Found(item, is_overdue(item, clock.today())),
            failed=failed,
        )
    said = (
        "Se vinculó {key} con {noun} {other}."
        if linked
        else ("Se quitó el vínculo de {key} con {noun} {other}.")
    )
    message = said.format(key=item.key, noun=NOUNS[kind], other=other.key)
    return done(request, f"/acuerdos/{item.id}#vinculos", message)


def _route(path: str, linked: bool) -> None:
    @router.post(path)
    def post_link(
        request: Request,
        form: CheckedForm,
        session: SessionDep,
        viewer: SignedInViewer,
        clock: ClockDep,
        found: FOUND,
    ) -> Response:
        return _post(
            request,
            form=form,
            session=session,
            viewer=viewer,
            clock=clock,
            found=found,
            linked=linked,
        )


_route("/acuerdos/{item_id}/vinculos", linked=True)
_route("/acuerdos/{item_id}/vinculos/quitar", linked=False)
