"""`/actividades`: the list (filters, search, pages, export), `/actividades/nueva` to register
one under a convenio or an organ's work programme, and each activity's detail page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.csrf import CheckedForm
from api.pages.fields import as_body, text
from api.pages.items import ItemPage, add_routes
from api.pages.refused import Refused, refuse, render_form
from api.pages.rendering import done
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.schemas.items import ActivityCreate
from workflow.directory import catalogue
from workflow.engine.errors import DomainError, Invalid, NotPermitted
from workflow.items import activities
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


def editor_viewer(viewer: SignedInViewer) -> Viewer:
    """Who may register activities: the secretariat and admins (as `POST /api/v1/activities`)."""
    if not viewer.is_editor:
        raise NotPermitted("Solo la secretaría técnica y la administración registran actividades.")
    return viewer


EditorViewer = Annotated[Viewer, Depends(editor_viewer)]


def _form(
    request: Request,
    session: Session,
    viewer: Viewer,
    values: dict[str, str],
    refused: Refused | None = None,
) -> Response:
    return render_form(
        request,
        "pages/activity_new.html",
        {
            "viewer": viewer,
            "areas": catalogue.list_areas(session=session),
            "organs": catalogue.list_organs(session=session),
            "convenios": activities.convenio_choices(session=session),
        },
        refused,
        typed=values,
    )


@router.get("/actividades/nueva")
def activity_new(request: Request, session: SessionDep, viewer: EditorViewer) -> Response:
    values = {name: "" for name in FIELDS}
    values["convenio"] = request.query_params.get("convenio", "")[:12]
    values["organ"] = request.query_params.get("organo", "")[:32]
    return _form(request, session, viewer, values)


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
    actor: PageActor,
    form: CheckedForm,
    session: SessionDep,
    clock: ClockDep,
) -> Response:
    values = {name: text(form, name) for name in FIELDS}
    relevant = form.get("relevant") == "1"
    try:
        body = checked_body(values, relevant)
        activity = activities.create(session=session, actor=actor, clock=clock, **body.model_dump())
    except DomainError as exc:
        values["relevant"] = "1" if relevant else ""
        return _form(request, session, viewer, values, refuse(session, exc, values))
    return done(request, f"/actividades/{activity.id}", f"Se registró la actividad {activity.key}.")


def activity_extra(session: Session, item: Activity, viewer: Viewer, today: date) -> dict[str, Any]:
    return {"convenio": item.convenio, "organ": item.organ}


PAGE = ItemPage(
    model=Activity,
    template="pages/activity.html",
    extra=activity_extra,
    public=False,
    list_extra=lambda session, _: {"convenios": activities.convenio_choices(session=session)},
)
add_routes(router, PAGE)
