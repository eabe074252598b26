"""`/convenios/nuevo` and `/convenios/{id}/editar` (secretariat and admin): a convenio's
counterparts, kind, parent, title, object, areas, organ, document and relevance.

A new one is created by `workflow.items.convenios.create`, as `POST /api/v1/convenios`; an edit
goes through `workflow.engine.editing.edit`, as PATCH. Signature and validity are not on the
form: they change only with the convenio's events, which keep them in its history.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import ClockDep, SessionDep
from api.pages.csrf import CheckedForm
from api.pages.edit_form import (
    EditorViewer,
    EditPage,
    add_edit_routes,
    checked_areas,
    checked_choice,
    checked_text,
    show,
    typed_codes,
    typed_text,
)
from api.pages.refused import Refused
from api.pages.rendering import done
from api.pages.viewer import PageActor, Viewer
from api.schemas.items import ConvenioCreate, ConvenioUpdate
from states.vocabulary import CONVENIO_KINDS
from workflow.directory import catalogue
from workflow.engine.editing import NEEDS_PARENT
from workflow.engine.errors import DomainError
from workflow.items import convenios
from workflow.items.activities import convenio_choices
from workflow.models import Convenio

router = APIRouter(include_in_schema=False)

TEXTS = ("title", "kind", "parent", "counterparts", "object", "lead", "organ", "url")
FORM_FIELD = {"areas": "lead"}


def shown(item: Convenio) -> dict[str, Any]:
    codes = [a.code for a in item.areas]
    return {
        "title": item.title,
        "kind": item.convenio_kind,
        "parent": str(item.parent_id or ""),
        "counterparts": "\n".join(c.name for c in item.counterparts),
        "object": item.object,
        "lead": codes[0] if codes else "",
        "co": codes[1:],
        "organ": item.organ.code if item.organ else "",
        "url": item.url or "",
        "relevant": item.relevant,
    }


def typed(form: FormData) -> dict[str, Any]:
    return {
        **typed_text(form, *TEXTS),
        "co": typed_codes(form, "co"),
        "relevant": form.get("relevant") == "1",
    }


def checked(session: Session, form: Refused, body: type[BaseModel]) -> dict[str, Any]:
    """The fields a new convenio and an edit share, as the API's `body` takes them."""
    v, problems = form.values, form.problems
    if v["kind"] not in CONVENIO_KINDS:
        problems["kind"] = "Elija el tipo de convenio de la lista."
    names = [line.strip() for line in v["counterparts"].splitlines() if line.strip()]
    if not names:
        problems["counterparts"] = "Escriba al menos una institución contraparte, una por renglón."
    else:
        names = problems.check(body, "counterparts", names, "Contrapartes", "counterparts")
    parent = checked_choice(
        form,
        "parent",
        {id for id, _, _ in convenio_choices(session=session)},
        "Elija el convenio padre de la lista.",
    )
    if v["kind"] in NEEDS_PARENT and not v["parent"]:
        problems["parent"] = f"Un {CONVENIO_KINDS[v['kind']].lower()} necesita su convenio padre."
    organs = {o.code for o in catalogue.list_organs(session=session)}
    if v["organ"] and v["organ"] not in organs:
        problems["organ"] = f"No existe el órgano «{v['organ']}»; elija uno de la lista."
    return {
        "title": checked_text(form, body, "title", "Título", "Escriba el título del convenio."),
        "kind": v["kind"],
        "parent": parent,
        "counterparts": names,
        "object": checked_text(form, body, "object", "Objeto"),
        "areas": checked_areas(session, form),
        "organ": v["organ"] or None,
        "url": checked_text(form, body, "url", "Documento (enlace)") if v["url"] else None,
        "relevant": v["relevant"],
    }


def choices(session: Session, item: Convenio | None) -> dict[str, Any]:
    return {
        "areas": catalogue.list_areas(session=session),
        "organs": catalogue.list_organs(session=session),
        "parents": [
            c for c in convenio_choices(session=session) if item is None or c[0] != item.id
        ],
    }


PAGE = EditPage(
    model=Convenio,
    template="pages/convenio_form.html",
    shown=shown,
    typed=typed,
    changes=lambda session, item, form: checked(session, form, ConvenioUpdate),
    choices=choices,
    form_field=FORM_FIELD,
)


def _new(request: Request, session: Session, viewer: Viewer, form: Refused) -> Response:
    return show(request, session, viewer, PAGE, None, form)


@router.get("/convenios/nuevo")
def new_convenio(request: Request, session: SessionDep, viewer: EditorViewer) -> Response:
    values = {**dict.fromkeys(TEXTS, ""), "kind": "general", "co": [], "relevant": False}
    values["key"] = ""
    return _new(request, session, viewer, Refused(values))


@router.post("/convenios/nuevo")
def create_convenio(
    request: Request,
    viewer: EditorViewer,
    form: CheckedForm,
    session: SessionDep,
    clock: ClockDep,
    actor: PageActor,
) -> Response:
    typed_form = Refused({**typed(form), **typed_text(form, "key")})
    args = checked(session, typed_form, ConvenioCreate)
    if typed_form.values["key"]:
        args["key"] = checked_text(typed_form, ConvenioCreate, "key", "Clave")
    if typed_form.problems:
        return _new(request, session, viewer, typed_form)
    try:
        convenio = convenios.create(session=session, actor=actor, clock=clock, **args)
    except DomainError as exc:
        session.rollback()  # nothing of a refused form stays
        typed_form.refused_by(exc, FORM_FIELD)
        return _new(request, session, viewer, typed_form)
    return done(request, f"/convenios/{convenio.id}", f"Se registró el convenio {convenio.key}.")


add_edit_routes(router, PAGE)
