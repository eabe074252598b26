"""`/organos/{code}/orden-del-dia`: the draft agenda of an organ's next ordinary session — the
standing points and what is due (`workflow.reports.agenda.draft`) — as a form the secretariat
edits and turns into the new session with one button (`workflow.items.meetings.create`, as `POST
/api/v1/meetings` does), and as PDF.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import Admitted, ClockDep, ContextDep, SessionDep, SettingsDep
from api.pages.csrf import CheckedForm
from api.pages.draft_agenda_form import BLANK_ROWS, AgendaRow, as_agenda, posted_rows, rows_of
from api.pages.fields import as_body, status_of, text
from api.pages.rendering import done, render
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.reports import formats
from api.reports.formats import ReportFormat
from api.routes.reports import report_file
from api.schemas.common import BoundedDate, PathCode
from api.schemas.meetings import MeetingCreate
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Conflict, Invalid
from workflow.items import meetings
from workflow.models import Meeting
from workflow.reports import agenda
from workflow.reports.agenda import DraftAgenda
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

router = APIRouter(include_in_schema=False)

FIELD_LABELS = {
    "number": "Número de sesión",
    "year": "Año",
    "date": "Fecha",
    "time": "Hora",
    "modality": "Modalidad",
    "agenda": "Orden del día",
}
DayQuery = Annotated[
    BoundedDate | None, Query(description="Fecha prevista de la sesión (AAAA-MM-DD)")
]


def _draft(
    session: Session, code: str, settings: Settings, clock: Clock, day: date | None
) -> DraftAgenda:
    return agenda.draft(session=session, organ=code, tz=settings.tz, today=clock.today(), day=day)


def _show(
    request: Request,
    draft: DraftAgenda,
    viewer: Viewer,
    *,
    rows: list[AgendaRow],
    values: dict[str, str],
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "pages/agenda_draft.html",
        {
            "viewer": viewer,
            "draft": draft,
            "rows": rows,
            "blank_rows": BLANK_ROWS,
            "values": values,
            "error": error,
            "pdf_query": f"?fecha={values['fecha']}" if values.get("fecha") else "",
        },
        status_code=status_code,
    )


@router.get("/organos/{code}/orden-del-dia")
def draft_page(
    request: Request,
    code: PathCode,
    session: SessionDep,
    viewer: SignedInViewer,
    settings: SettingsDep,
    clock: ClockDep,
    fecha: DayQuery = None,
) -> Response:
    draft = _draft(session, code, settings, clock, fecha)
    values = {
        "numero": str(draft.number),
        "anio": str(draft.year),
        "fecha": draft.date.isoformat() if draft.date else "",
        "hora": draft.time.strftime("%H:%M") if draft.time else "",
        "modalidad": draft.modality,
    }
    return _show(request, draft, viewer, rows=rows_of(draft.points), values=values)


@router.post("/organos/{code}/orden-del-dia")
def edit_or_create(
    request: Request,
    code: PathCode,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """«Actualizar» shows the draft again as edited; «Crear la sesión» creates it from the
    draft, or shows the form again, as typed, with the reason it was refused."""
    require_editor(actor)
    draft = _draft(session, code, settings, clock, None)
    rows = posted_rows(form)
    values = {k: text(form, k)[:40] for k in ("numero", "anio", "fecha", "hora", "modalidad")}
    if form.get("accion") != "crear":
        return _show(request, draft, viewer, rows=rows, values=values)
    try:
        meeting = _create(session, actor, draft.organ, values=values, rows=rows)
    except (Invalid, Conflict) as exc:
        return _show(
            request, draft, viewer, rows=rows, values=values, error=exc.detail,
            status_code=status_of(exc),
        )  # fmt: skip
    return done(
        request,
        f"/sesiones/{meeting.id}",
        f"Se creó la sesión {meeting.key} con el orden del día del borrador.",
    )


def _create(
    session: Session, actor: Actor, organ: str, *, values: dict[str, str], rows: list[AgendaRow]
) -> Meeting:
    if not rows:
        raise Invalid("El orden del día necesita al menos un punto.")
    body = as_body(
        MeetingCreate,
        {
            "organ": organ,
            "kind": "ordinaria",
            "number": values["numero"],
            "year": values["anio"],
            "date": values["fecha"],
            "time": values["hora"] or None,
            "modality": values["modalidad"],
            "agenda": as_agenda(rows),
        },
        FIELD_LABELS,
    )
    return meetings.create(
        session=session,
        actor=actor,
        organ=body.organ,
        kind=body.kind,
        number=body.number,
        year=body.year,
        day=body.date,
        at=body.time,
        modality=body.modality,
        agenda=[meetings.AgendaPoint(r.text, r.items) for r in rows],
    )


@router.get("/organos/{code}/orden-del-dia.pdf")
async def draft_pdf(
    code: PathCode,
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
    fecha: DayQuery = None,
) -> Response:
    return await report_file(
        lambda tz: agenda.draft(session=session, organ=code, tz=tz, today=clock.today(), day=fecha),
        formats.agenda,
        ReportFormat.pdf,
        session,
        turn,
        ctx,
        clock,
    )
