"""`/sesiones/{id}/seguimiento`: the follow-up report as a page of the site, and its PDF and XLSX
downloads, for people signed in with the pages' session cookie (a browser sends no token)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import Admitted, ClockDep, ContextDep, SessionDep, SettingsDep
from api.pages.rendering import render
from api.pages.viewer import SignedInViewer
from api.reports import html
from api.reports.formats import ReportFormat
from api.reports.templating import stylesheet
from api.routes.reports import followup_file
from api.schemas.common import RowId
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


@router.get("/sesiones/{meeting_id}/seguimiento.pdf")
async def followup_pdf(
    meeting_id: RowId,
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    return await followup_file(meeting_id, ReportFormat.pdf, session, turn, ctx, clock)


@router.get("/sesiones/{meeting_id}/seguimiento.xlsx")
async def followup_xlsx(
    meeting_id: RowId,
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    return await followup_file(meeting_id, ReportFormat.xlsx, session, turn, ctx, clock)
