"""Report routes: a session's follow-up report, numbered convenio progress reports and the draft
agenda of an organ's next ordinary session. Every signed-in role may read them (SPEC §3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.admission import Ticket
from api.context import AppContext
from api.deps import (
    ActorDep,
    Admitted,
    ClockDep,
    ContextDep,
    SessionDep,
    SettingsDep,
    in_thread_then_release,
)
from api.gates import EDITORS
from api.reports import formats
from api.reports.formats import RenderedReport, ReportFormat
from api.reports.letterhead import Letterhead
from api.routes.items import ERRORS
from api.schemas.common import BoundedDate, PathCode, RowId, Strict
from workflow.models import ConvenioReport
from workflow.reports import agenda, convenio_progress, issued
from workflow.reports.agenda import DraftAgenda
from workflow.reports.followup import FollowupReport
from workflow.runtime.clock import Clock

router = APIRouter(responses=ERRORS)

R = TypeVar("R")

FormatQuery = Annotated[ReportFormat, Query(description="json (los datos), html, pdf o xlsx")]
AsOfQuery = Annotated[
    BoundedDate | None,
    Query(description="Fecha de corte (AAAA-MM-DD); por omisión, la del informe"),
]
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            formats.MEDIA_TYPES[f]: {}
            for f in (ReportFormat.html, ReportFormat.pdf, ReportFormat.xlsx)
        },
        "description": "El informe en el formato pedido (JSON por omisión).",
    }
}


def file_response(
    rendered: RenderedReport, fmt: ReportFormat, digest: str | None = None
) -> Response:
    """Inline for JSON and HTML (read in the browser), attachment for PDF and XLSX; a stored
    file (an issued version) carries its SHA-256 as its ETag."""
    disposition = "inline" if fmt in (ReportFormat.json, ReportFormat.html) else "attachment"
    ascii_name = rendered.filename.encode("ascii", "replace").decode().replace("?", "_")
    headers = {
        "Content-Disposition": f'{disposition}; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(rendered.filename)}",
        "Cache-Control": "private, no-store",
    }
    if digest is not None:
        headers["ETag"] = f'"{digest}"'
    return Response(rendered.content, media_type=rendered.media_type, headers=headers)


@router.get(
    "/api/v1/meetings/{meeting_id}/report",
    tags=["informes"],
    response_model=FollowupReport,
    responses=FILE_RESPONSES,
)
async def meeting_report(
    meeting_id: RowId,
    session: SessionDep,
    turn: Admitted,
    actor: ActorDep,
    ctx: ContextDep,
    clock: ClockDep,
    format: FormatQuery = ReportFormat.json,
    as_of: AsOfQuery = None,
) -> Any:
    """The draft *seguimiento de acuerdos* of a session (SPEC §6a), as data or as a document:
    at `as_of` (by default, the report's own cut-off), with the observaciones written so far."""
    return await followup_file(meeting_id, format, session, turn, ctx, clock, as_of)


async def followup_file(
    meeting_id: int,
    fmt: ReportFormat,
    session: Session,
    turn: Ticket,
    ctx: AppContext,
    clock: Clock,
    as_of: dt.date | None = None,
) -> Response:
    """A session's draft follow-up report in `fmt`, for the API and the pages."""
    return await report_file(
        lambda tz: issued.draft(session=session, meeting_id=meeting_id, tz=tz, as_of=as_of),
        partial(formats.followup, letterhead=Letterhead.of(ctx.settings)),
        fmt,
        session,
        turn,
        ctx,
        clock,
    )


async def report_file(
    build: Callable[[ZoneInfo], R],
    formatter: Callable[..., RenderedReport],
    fmt: ReportFormat,
    session: Session,
    turn: Ticket,
    ctx: AppContext,
    clock: Clock,
) -> Response:
    """A report's data built with `session` (`build(tz)`), then `formatter` renders it in `fmt`.
    The session is closed with the reads, before the rendering, so a PDF's seconds of layout
    hold no database connection."""
    settings = ctx.settings
    report = await in_thread_then_release(session, turn, lambda: build(settings.tz))
    render = partial(
        formatter,
        report,
        institution=settings.institution_name,
        tz=settings.tz,
        today=clock.today(),
    )
    return file_response(await formats.served(render, fmt, ctx.pdf_slots), fmt)


class ProgressReportCreate(Strict):
    cut_off: BoundedDate | None = None
    """Fecha de corte; hoy si se omite."""


class ProgressReportRead(BaseModel):
    convenio: int
    number: int
    heading: str
    title: str
    cut_off: dt.date
    issued_at: dt.datetime
    issued_by: str
    url: str


def _read(session: Session, record: ConvenioReport) -> ProgressReportRead:
    heading, title = convenio_progress.titles(session=session, record=record)
    return ProgressReportRead(
        convenio=record.convenio_id,
        number=record.number,
        heading=heading,
        title=title,
        cut_off=record.cut_off,
        issued_at=record.issued_at,
        issued_by=record.issued_by_label,
        url=f"/api/v1/convenios/{record.convenio_id}/progress-reports/{record.number}",
    )


@router.get(
    "/api/v1/convenios/{convenio_id}/progress-reports",
    tags=["informes"],
    response_model=list[ProgressReportRead],
)
def list_progress_reports(convenio_id: RowId, session: SessionDep, actor: ActorDep) -> Any:
    """The numbered progress reports issued for a convenio, first to last."""
    records = convenio_progress.issued(session=session, convenio_id=convenio_id)
    return [_read(session, r) for r in records]


@router.post(
    "/api/v1/convenios/{convenio_id}/progress-reports",
    tags=["informes"],
    status_code=201,
    response_model=ProgressReportRead,
    dependencies=[EDITORS],
)
def issue_progress_report(
    convenio_id: RowId,
    body: ProgressReportCreate,
    session: SessionDep,
    actor: ActorDep,
    clock: ClockDep,
) -> Any:
    """Issue the convenio's next numbered report (secretariat, admin) with a cut-off date."""
    record = convenio_progress.issue(
        session=session, actor=actor, clock=clock, convenio_id=convenio_id, cut_off=body.cut_off
    )
    return _read(session, record)


@router.get(
    "/api/v1/convenios/{convenio_id}/progress-reports/{number}",
    tags=["informes"],
    responses=FILE_RESPONSES,
)
async def progress_report(
    convenio_id: RowId,
    number: RowId,
    session: SessionDep,
    turn: Admitted,
    actor: ActorDep,
    ctx: ContextDep,
    clock: ClockDep,
    format: FormatQuery = ReportFormat.json,
) -> Response:
    """An issued progress report: activities with their state and progress at its cut-off."""
    return await progress_file(convenio_id, number, format, session, turn, ctx, clock)


async def progress_file(
    convenio_id: int,
    number: int,
    fmt: ReportFormat,
    session: Session,
    turn: Ticket,
    ctx: AppContext,
    clock: Clock,
) -> Response:
    """A convenio's issued progress report in `fmt`, for the API and the pages."""
    return await report_file(
        lambda tz: convenio_progress.build(
            session=session, convenio_id=convenio_id, number=number, tz=tz
        ),
        formats.progress,
        fmt,
        session,
        turn,
        ctx,
        clock,
    )


class AgendaPointDraft(BaseModel):
    text: str
    items: list[str]


class MeetingDraft(BaseModel):
    """The body of `POST /api/v1/meetings`, ready to post once `date` is set."""

    organ: str
    kind: str
    number: RowId
    year: int
    date: dt.date | None
    time: dt.time | None
    modality: str
    agenda: list[AgendaPointDraft]


class NextAgendaRead(BaseModel):
    session_name: str
    meeting: MeetingDraft


def _draft_read(draft: DraftAgenda) -> NextAgendaRead:
    return NextAgendaRead(
        session_name=draft.session_name,
        meeting=MeetingDraft(
            organ=draft.organ,
            kind=draft.kind,
            number=draft.number,
            year=draft.year,
            date=draft.date,
            time=draft.time,
            modality=draft.modality,
            agenda=[AgendaPointDraft(text=p.text, items=p.items) for p in draft.points],
        ),
    )


@router.get("/api/v1/organs/{code}/next-agenda", tags=["informes"], response_model=NextAgendaRead)
def next_agenda(
    code: PathCode,
    session: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    clock: ClockDep,
    date: Annotated[
        BoundedDate | None, Query(description="Fecha prevista de la sesión (AAAA-MM-DD)")
    ] = None,
) -> Any:
    """Draft agenda of the organ's next ordinary session, from its standing items."""
    draft = agenda.draft(session=session, organ=code, tz=settings.tz, today=clock.today(), day=date)
    return _draft_read(draft)
