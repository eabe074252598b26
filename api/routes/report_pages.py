"""`/sesiones/{id}/seguimiento`: the follow-up report as a page of the site, and its PDF and XLSX
downloads, for people signed in with the pages' session cookie (a browser sends no token)."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request, Response
from sqlalchemy.orm import Session

from api.admission import Ticket
from api.context import AppContext
from api.deps import Admitted, ClockDep, ContextDep, SessionDep, SettingsDep, in_thread_then_release
from api.pages.rendering import render
from api.pages.viewer import SignedInViewer
from api.reports import formats, html
from api.reports.formats import ReportFormat
from api.reports.templating import stylesheet
from api.routes.reports import file_response
from api.schemas.common import RowId
from workflow.clock import Clock
from workflow.reports import followup

router = APIRouter(include_in_schema=False)


@router.get("/sesiones/{meeting_id}/seguimiento")
def followup_page(
    request: Request,
    meeting_id: RowId,
    session: SessionDep,
    viewer: SignedInViewer,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    report = followup.build(session=session, meeting_id=meeting_id, tz=settings.tz)
    body = html.followup_body(
        report, institution=settings.institution_name, tz=settings.tz, generated_on=clock.today()
    )
    return render(
        request,
        "reports/followup_page.html",
        {
            "viewer": viewer,
            "meeting_id": meeting_id,
            "meeting_key": report.header.meeting_key,
            "body": body,
            "report_css": stylesheet(),
        },
    )


async def _file(
    meeting_id: int,
    fmt: ReportFormat,
    session: Session,
    turn: Ticket,
    ctx: AppContext,
    clock: Clock,
) -> Response:
    """The viewer was read with `session`; it is closed with the report's reads, before the
    rendering, so a PDF's seconds of layout hold no database connection."""
    settings = ctx.settings
    report = await in_thread_then_release(
        session,
        turn,
        lambda: followup.build(session=session, meeting_id=meeting_id, tz=settings.tz),
    )
    render = partial(
        formats.followup,
        report,
        institution=settings.institution_name,
        tz=settings.tz,
        today=clock.today(),
    )
    return file_response(await formats.served(render, fmt, ctx.pdf_slots), fmt)


@router.get("/sesiones/{meeting_id}/seguimiento.pdf")
async def followup_pdf(
    meeting_id: RowId,
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    return await _file(meeting_id, ReportFormat.pdf, session, turn, ctx, clock)


@router.get("/sesiones/{meeting_id}/seguimiento.xlsx")
async def followup_xlsx(
    meeting_id: RowId,
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    return await _file(meeting_id, ReportFormat.xlsx, session, turn, ctx, clock)
