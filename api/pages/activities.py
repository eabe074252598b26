"""`/actividades`: the list (filters, search, pages, export), `/actividades/nueva` to register
one under a convenio or an organ's work programme, `/actividades/{id}/editar`, and each
activity's detail page. New and edit share one form (`activity_form.html`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import ClockDep, SessionDep
from api.pages.csrf import CheckedForm
from api.pages.edit_form import (
    EditorViewer,
    EditPage,
    add_edit_routes,
    checked_areas,
    checked_text,
    show,
    typed_text,
)
from api.pages.fields import as_body, text
from api.pages.items import ItemPage, add_routes
from api.pages.refused import Refused
from api.pages.rendering import done
from api.pages.viewer import PageActor, Viewer
from api.schemas.items import ActivityCreate, ActivityUpdate
from workflow.directory import catalogue
from workflow.engine.errors import DomainError, Invalid
from workflow.items import activities, links
from workflow.models import Activity

router = APIRouter(include_in_schema=False)

FIELDS = {
    "title": "Actividad",
    "description": "Descripción",
    "area": "Área responsable",
    "convenio": "Convenio",
    "organ": "Órgano (programa de trabajo)",
    "due_date": "Fecha compromiso",
    "key": "Clave",
}
"""The form's fields (the API's names) and their labels."""


def choices(session: Session, item: Activity | None) -> dict[str, Any]:
    return {
        "areas": catalogue.list_areas(session=session),
        "organs": catalogue.list_organs(session=session),
        "convenios": activities.convenio_choices(session=session),
    }


def _form(request: Request, session: Session, viewer: Viewer, form: Refused) -> Response:
    return show(request, session, viewer, EDIT, None, form)


@router.get("/actividades/nueva")
def activity_new(request: Request, session: SessionDep, viewer: EditorViewer) -> Response:
    values: dict[str, Any] = {name: "" for name in FIELDS}
    values["convenio"] = request.query_params.get("convenio", "")[:12]
    values["organ"] = request.query_params.get("organo", "")[:32]
    return _form(request, session, viewer, Refused(values))


def checked_body(values: dict[str, str], relevant: bool) -> ActivityCreate:
    """The form as the API's body: same bounds, same sentences, said with the form's labels."""
    if bool(values["convenio"]) == bool(values["organ"]):
        raise Invalid(
            "Elija el convenio o el órgano (programa de trabajo) de la actividad, uno solo."
        )
    data: dict[str, Any] = {k: v for k, v in values.items() if v}
    return as_body(ActivityCreate, {**data, "relevant": relevant}, FIELDS)


@router.post("/actividades/nueva")
def activity_create(
    request: Request,
    viewer: EditorViewer,
    form: CheckedForm,
    session: SessionDep,
    clock: ClockDep,
    actor: PageActor,
) -> Response:
    values = {name: text(form, name) for name in FIELDS}
    relevant = form.get("relevant") == "1"
    try:
        body = checked_body(values, relevant)
        activity = activities.create(session=session, actor=actor, clock=clock, **body.model_dump())
    except DomainError as exc:
        session.rollback()  # nothing of a refused form stays
        typed = Refused({**values, "relevant": relevant})
        typed.refused_by(exc, EDIT_FIELD)
        return _form(request, session, viewer, typed)
    return done(request, f"/actividades/{activity.id}", f"Se registró la actividad {activity.key}.")


EDIT_FIELD = {"areas": "area"}
"""The form's field for the one the workflow names."""


def shown(item: Activity) -> dict[str, Any]:
    return {
        "title": item.title,
        "description": item.description,
        "area": item.area.code,
        "due_date": item.due_date.isoformat() if item.due_date else "",
        "relevant": item.relevant,
    }


def typed(form: FormData) -> dict[str, Any]:
    return {
        **typed_text(form, "title", "description", "area", "due_date"),
        "relevant": form.get("relevant") == "1",
    }


def changes(session: Session, item: Activity, form: Refused) -> dict[str, Any]:
    """The fields an edit changes; the convenio or programme and the key never (the key
    comes from them)."""
    due = None
    if form.values["due_date"]:
        try:
            due = date.fromisoformat(form.values["due_date"])
        except ValueError:
            form.problems["due_date"] = (
                "«Fecha compromiso» no es una fecha válida (use AAAA-MM-DD)."
            )
        else:
            due = form.problems.check(
                ActivityUpdate, "due_date", due, FIELDS["due_date"], "due_date"
            )
    return {
        "title": checked_text(
            form, ActivityUpdate, "title", FIELDS["title"], "Escriba la actividad."
        ),
        "description": checked_text(form, ActivityUpdate, "description", FIELDS["description"]),
        "area": checked_areas(session, form, lead="area")[0],
        "due_date": due,
        "relevant": form.values["relevant"],
    }


EDIT = EditPage(
    model=Activity,
    template="pages/activity_form.html",
    shown=shown,
    typed=typed,
    changes=changes,
    choices=choices,
    form_field=EDIT_FIELD,
)
add_edit_routes(router, EDIT)


def activity_extra(session: Session, item: Activity, viewer: Viewer, today: date) -> dict[str, Any]:
    return {
        "convenio": item.convenio,
        "organ": item.organ,
        "related": [(a, None) for a in links.agreements_of(item)],
    }


PAGE = ItemPage(
    model=Activity,
    template="pages/activity.html",
    extra=activity_extra,
    public=False,
    list_extra=lambda session, _: {"convenios": activities.convenio_choices(session=session)},
)
add_routes(router, PAGE)
