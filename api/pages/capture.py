"""`/sesiones/{id}/acuerdos/nuevos` (secretariat and admin): the acuerdos approved in a session,
several in one form, through `workflow.items.agreements.create` (keys in the order of the rows).

The whole form is checked before anything is saved; every problem is shown next to its field
and, if any row is wrong, no row is saved (one transaction, rolled back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import ClockDep, SessionDep
from api.pages.csrf import CheckedForm
from api.pages.fields import text
from api.pages.refused import Refused
from api.pages.rendering import flash, render
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.schemas.common import RowId
from api.schemas.items import AgreementCreate
from workflow.directory import catalogue
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import DomainError
from workflow.items import agreements, meetings
from workflow.items.session_agenda import titled
from workflow.models import Meeting
from workflow.runtime.clock import Clock

router = APIRouter(include_in_schema=False)

BLANK_ROWS = 3
MAX_ROWS = 30
MODES = ("fecha", "dias", "permanente")
FIELDS = ("title", "text", "agenda_item", "lead", "mode", "deadline", "days")
API_FIELD = {"areas": "lead", "area": "lead", "deadline_business_days": "days"}


@dataclass
class CaptureRow(Refused):
    """One acuerdo of the form, as typed; once refused, why (a sentence about the whole row is
    its `error`)."""

    co: list[str] = field(default_factory=list)
    relevant: bool = False

    @property
    def blank(self) -> bool:
        typed = (self.values[f] for f in FIELDS if f != "mode")
        return not any(typed) and not self.co and not self.relevant


def _blank() -> CaptureRow:
    return CaptureRow(values={**dict.fromkeys(FIELDS, ""), "mode": "fecha"})


def _rows(form: FormData) -> list[CaptureRow]:
    raw = text(form, "rows")
    count = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 2 else BLANK_ROWS
    rows = []
    for r in range(min(max(count, 1), MAX_ROWS)):
        values = {f: text(form, f"a{r}-{f}") for f in FIELDS}
        co = [c.strip() for c in form.getlist(f"a{r}-co") if isinstance(c, str) and c.strip()]
        rows.append(CaptureRow(values, co=co[:20], relevant=text(form, f"a{r}-relevant") == "1"))
    return rows


def _checked(row: CaptureRow, meeting: Meeting) -> dict[str, Any]:
    """The row as `agreements.create` takes it; each problem kept next to its field."""
    v, p = row.values, row.problems
    args: dict[str, Any] = {"meeting_id": meeting.id, "relevant": row.relevant}
    if not v["title"]:
        p["title"] = "Escriba el título del acuerdo."
    else:
        args["title"] = p.check(AgreementCreate, "title", v["title"], "Título", "title")
    args["text"] = p.check(AgreementCreate, "text", v["text"], "Texto", "text") or ""
    if not v["lead"]:
        p["lead"] = "Elija el área responsable."
    args["areas"] = [v["lead"], *(c for c in row.co if c != v["lead"])]
    agenda = {str(a.id): a.id for a in meeting.agenda}
    if v["agenda_item"] and v["agenda_item"] not in agenda:
        p["agenda_item"] = "Elija un punto del orden del día de esta sesión."
    args["agenda_item_id"] = agenda.get(v["agenda_item"])
    if v["mode"] == "fecha":
        if not v["deadline"]:
            p["deadline"] = "Indique la fecha límite, o elija otro tipo de plazo."
        else:
            try:
                day = date.fromisoformat(v["deadline"])
            except ValueError:
                p["deadline"] = "«Fecha límite» no es una fecha válida (use AAAA-MM-DD)."
            else:
                args["deadline"] = p.check(
                    AgreementCreate, "deadline", day, "Fecha límite", "deadline"
                )
    elif v["mode"] == "dias":
        if not v["days"]:
            p["days"] = "Indique cuántos días hábiles, o elija otro tipo de plazo."
        else:
            args["deadline_business_days"] = p.check(
                AgreementCreate, "deadline_business_days", v["days"], "Días hábiles", "days"
            )
    elif v["mode"] != "permanente":
        p["mode"] = "Elija cómo se fija el plazo."
    return args


def _page(
    request: Request,
    session: Session,
    viewer: Viewer,
    meeting: Meeting,
    rows: list[CaptureRow],
    error: str | None = None,
) -> Response:
    failed = error is not None or any(r.problems or r.error for r in rows)
    return render(
        request,
        "pages/capture_agreements.html",
        {
            "viewer": viewer,
            "meeting": meeting,
            "rows": rows,
            "error": error,
            "failed": failed,
            "agenda": [(a, titled(a)) for a in meeting.agenda],
            "areas": catalogue.list_areas(session=session),
        },
        status_code=422 if failed else 200,
    )


def _editor_meeting(session: Session, actor: Actor, meeting_id: int) -> Meeting:
    require_editor(actor)
    return meetings.get(session=session, meeting_id=meeting_id)


@router.get("/sesiones/{meeting_id}/acuerdos/nuevos")
def capture_form(
    request: Request,
    meeting_id: RowId,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
) -> Response:
    meeting = _editor_meeting(session, actor, meeting_id)
    return _page(request, session, viewer, meeting, [_blank() for _ in range(BLANK_ROWS)])


@router.post("/sesiones/{meeting_id}/acuerdos/nuevos")
def capture(
    request: Request,
    meeting_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    meeting = _editor_meeting(session, actor, meeting_id)
    rows = _rows(form)
    if text(form, "action") != "save":  # «Agregar otro acuerdo»: one more row, nothing saved
        if len(rows) < MAX_ROWS:
            rows.append(_blank())
        return _page(request, session, viewer, meeting, rows)
    filled = [r for r in rows if not r.blank]
    if not filled:
        return _page(request, session, viewer, meeting, rows, "Capture al menos un acuerdo.")
    checked = [(row, _checked(row, meeting)) for row in filled]
    if any(row.problems for row in filled):
        return _page(request, session, viewer, meeting, rows)
    return _save(request, session, viewer, actor, clock, meeting, rows, checked)


def _save(
    request: Request,
    session: Session,
    viewer: Viewer,
    actor: Actor,
    clock: Clock,
    meeting: Meeting,
    rows: list[CaptureRow],
    checked: list[tuple[CaptureRow, dict[str, Any]]],
) -> Response:
    keys = []
    for row, args in checked:
        try:
            created = agreements.create(session=session, actor=actor, clock=clock, **args)
        except DomainError as exc:
            session.rollback()  # none of the rows is kept
            row.refused_by(exc, API_FIELD)
            meeting = meetings.get(session=session, meeting_id=meeting.id)
            return _page(request, session, viewer, meeting, rows)
        keys.append(created.key)
    flash(
        request,
        f"Se registró el acuerdo {keys[0]}."
        if len(keys) == 1
        else f"Se registraron {len(keys)} acuerdos: {', '.join(keys)}.",
    )
    return RedirectResponse(f"/sesiones/{meeting.id}#h-acuerdos", status_code=303)
