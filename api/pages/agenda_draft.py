"""`/organos/{code}/orden-del-dia`: the draft agenda of an organ's next ordinary session — the
standing points and what is due (`workflow.reports.agenda.draft`) — to read and download as PDF.

It is edited in the one session form: «Crear la sesión con este orden del día» opens
`/sesiones/nueva?borrador={code}` filled with it (`api.pages.meeting_forms`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import Admitted, ClockDep, ContextDep, SessionDep, SettingsDep
from api.pages.meeting_forms import DayQuery
from api.pages.rendering import render
from api.pages.viewer import SignedInViewer
from api.reports import formats
from api.reports.formats import ReportFormat
from api.routes.reports import report_file
from api.schemas.common import PathCode
from workflow.reports import agenda

router = APIRouter(include_in_schema=False)


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
    draft = agenda.draft(
        session=session, organ=code, tz=settings.tz, today=clock.today(), day=fecha
    )
    query = f"?fecha={fecha.isoformat()}" if fecha else ""
    return render(
        request,
        "pages/agenda_draft.html",
        {
            "viewer": viewer,
            "draft": draft,
            "pdf_query": query,
            "new_session": f"/sesiones/nueva?borrador={draft.organ}"
            + (f"&fecha={fecha.isoformat()}" if fecha else ""),
        },
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
