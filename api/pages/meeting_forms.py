"""`/sesiones/nueva` and `/sesiones/{id}/editar` (secretariat and admin): a session's data and
its ordered agenda, through the same `workflow.items.meetings` services the API calls. The one
editor of an agenda: `/sesiones/nueva?borrador={organ}` opens it filled with the draft agenda of
the organ's next ordinary session (`/organos/{code}/orden-del-dia`).

The agenda's buttons (subir, bajar, quitar, agregar) re-render the form with what was typed; only
«Guardar» saves. A refused or stale form comes back with what was typed and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages import agenda_form
from api.pages.csrf import CheckedForm
from api.pages.fields import text, version
from api.pages.refused import Refused
from api.pages.rendering import done, render
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.schemas.common import BoundedDate, QueryCode, RowId
from api.schemas.meetings import AgendaPointIn, MeetingCreate
from workflow.directory import catalogue
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import DomainError
from workflow.items import meetings
from workflow.models import Meeting
from workflow.reports import agenda

router = APIRouter(include_in_schema=False)

FIELDS = ("organ", "kind", "number", "date", "time", "modality")
DayQuery = Annotated[
    BoundedDate | None, Query(description="Fecha prevista de la sesión (AAAA-MM-DD)")
]


@dataclass
class MeetingForm(Refused):
    """The session's fields and its agenda's rows, as typed; once refused, why."""

    rows: list[agenda_form.Row] = field(default_factory=list)
    proposed_by: str | None = None
    """Where the data came from, when the form opens filled (the draft agenda of an organ)."""


def _page(
    request: Request, session: Session, viewer: Viewer, form: MeetingForm, meeting: Meeting | None
) -> Response:
    return render(
        request,
        "pages/meeting_form.html",
        {
            "viewer": viewer,
            "meeting": meeting,
            "form": form,
            "numbers": agenda_form.numbers(form.rows),
            "organs": catalogue.list_organs(session=session),
            "locked": meeting is not None
            and meetings.has_agreements(session=session, meeting_id=meeting.id),
        },
        status_code=form.status,
    )


@dataclass
class Checked:
    organ: str
    kind: str
    number: int
    day: dt.date
    at: dt.time | None
    modality: str


def _checked(form: MeetingForm) -> Checked | None:
    """The session's fields as the API's body takes them; problems go next to their fields."""
    v, problems = form.values, form.problems
    day = None
    try:
        day = dt.date.fromisoformat(v["date"]) if v["date"] else None
    except ValueError:
        problems["date"] = "«Fecha» no es una fecha válida (use AAAA-MM-DD)."
    if day is None and "date" not in problems:
        problems["date"] = "Indique la fecha de la sesión."
    at = None
    if v["time"]:
        try:
            at = dt.time.fromisoformat(v["time"])
        except ValueError:
            problems["time"] = "«Hora» no es una hora válida (use HH:MM)."
    organ = problems.check(MeetingCreate, "organ", v["organ"], "Órgano", "organ")
    number = problems.check(MeetingCreate, "number", v["number"], "Número", "number")
    if day is not None:
        day = problems.check(MeetingCreate, "date", day, "Fecha", "date")
    if not v["number"]:
        problems["number"] = "Indique el número de la sesión."
    for index, row in enumerate(form.rows):
        key = f"agenda-{index}"
        if row.item_id is not None and not row.text:
            problems[key] = "Escriba el texto del punto o quítelo."
        elif row.text:  # a point's text as the API takes it: its length, no NUL
            problems.check(AgendaPointIn, "text", row.text, "Orden del día", key)
        row.error = problems.get(key)
    if problems or organ is None or number is None or day is None:
        return None
    return Checked(organ, v["kind"], number, day, at, v["modality"])


def _save(
    request: Request,
    session: Session,
    viewer: Viewer,
    actor: Actor,
    form: MeetingForm,
    meeting: Meeting | None,
) -> Response:
    c = _checked(form)
    if c is None:
        return _page(request, session, viewer, form, meeting)
    entries = agenda_form.entries(form.rows)
    try:
        if meeting is None:
            saved = meetings.create(
                session=session,
                actor=actor,
                organ=c.organ,
                kind=c.kind,
                number=c.number,
                year=c.day.year,
                day=c.day,
                at=c.at,
                modality=c.modality,
                agenda=entries,
            )
        else:
            saved = meetings.edit(
                session=session,
                actor=actor,
                meeting_id=meeting.id,
                organ=c.organ,
                kind=c.kind,
                number=c.number,
                day=c.day,
                at=c.at,
                modality=c.modality,
                entries=entries,
                expected_version=form.version,
            )
    except DomainError as exc:
        session.rollback()  # nothing of a refused form stays
        form.refused_by(exc)
        if meeting is not None:
            meeting = meetings.get(session=session, meeting_id=meeting.id)
        return _page(request, session, viewer, form, meeting)
    return done(request, f"/sesiones/{saved.id}", f"Se guardó la sesión {saved.key}.")


def _posted(form: CheckedForm) -> MeetingForm:
    return MeetingForm(
        values={name: text(form, name) for name in FIELDS},
        version=version(form),
        rows=agenda_form.from_form(form),
    )


@router.get("/sesiones/nueva")
def new_meeting(
    request: Request,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    settings: SettingsDep,
    clock: ClockDep,
    borrador: Annotated[
        str | None, QueryCode(description="Órgano cuyo proyecto de orden del día se propone")
    ] = None,
    fecha: DayQuery = None,
) -> Response:
    """A blank session, or (`borrador`) the organ's next ordinary one with its draft agenda."""
    require_editor(actor)
    if borrador:
        draft = agenda.draft(
            session=session, organ=borrador, tz=settings.tz, today=clock.today(), day=fecha
        )
        form = MeetingForm(_values_of(draft), rows=agenda_form.from_draft(draft))
        form.proposed_by = (
            f"Propuesta: {draft.session_name} de {draft.organ}, con su proyecto de orden del "
            "día. Revise los datos y los puntos, y guarde la sesión."
        )
        return _page(request, session, viewer, form, None)
    organs = catalogue.list_organs(session=session)
    values = dict.fromkeys(FIELDS, "")
    values.update(organ=organs[0].code if organs else "", kind="ordinaria", modality="virtual")
    return _page(request, session, viewer, MeetingForm(values, rows=[agenda_form.Row("")]), None)


def _values_of(draft: agenda.DraftAgenda) -> dict[str, str]:
    return {
        "organ": draft.organ,
        "kind": draft.kind,
        "number": str(draft.number),
        "date": draft.date.isoformat() if draft.date else "",
        "time": draft.time.strftime("%H:%M") if draft.time else "",
        "modality": draft.modality,
    }


@router.post("/sesiones/nueva")
def create_meeting(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
) -> Response:
    require_editor(actor)
    posted = _posted(form)
    if text(form, "action") != "save":
        return _page(request, session, viewer, posted, None)
    return _save(request, session, viewer, actor, posted, None)


@router.get("/sesiones/{meeting_id}/editar")
def edit_meeting(
    request: Request,
    meeting_id: RowId,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
) -> Response:
    require_editor(actor)
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    values = {
        "organ": meeting.organ.code,
        "kind": meeting.kind,
        "number": str(meeting.number),
        "date": meeting.date.isoformat(),
        "time": meeting.time.strftime("%H:%M") if meeting.time else "",
        "modality": meeting.modality,
    }
    form = MeetingForm(values, meeting.version, rows=agenda_form.from_meeting(meeting))
    return _page(request, session, viewer, form, meeting)


@router.post("/sesiones/{meeting_id}/editar")
def update_meeting(
    request: Request,
    meeting_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
) -> Response:
    require_editor(actor)
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    posted = _posted(form)
    if text(form, "action") != "save":
        return _page(request, session, viewer, posted, meeting)
    return _save(request, session, viewer, actor, posted, meeting)
