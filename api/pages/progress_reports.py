"""`/convenios/{id}/informes`: a convenio's numbered progress reports — those issued, with their
PDF and XLSX, and the form that issues the next one ("Noveno informe…") with a cut-off date.

Issuing calls `workflow.reports.convenio_progress.issue`, as `POST
/api/v1/convenios/{id}/progress-reports` does: the secretariat and admins may, others get 403.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from api.deps import Admitted, ClockDep, ContextDep, SessionDep
from api.errors import invalid_field
from api.pages.csrf import CheckedForm
from api.pages.rendering import done, render
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.reports.formats import ReportFormat
from api.routes.reports import progress_file
from api.schemas.common import BoundedDate, RowId
from states.dates_es import long_date
from workflow.engine.actors import require_editor
from workflow.engine.errors import Invalid, NotFound
from workflow.models import Convenio
from workflow.reports import convenio_progress
from workflow.runtime.clock import Clock

router = APIRouter(include_in_schema=False)


class CutOff(BaseModel):
    corte: BoundedDate


def _convenio(session: Session, convenio_id: int) -> Convenio:
    convenio = session.get(Convenio, convenio_id)
    if convenio is None:
        raise NotFound(f"No existe el convenio con id {convenio_id}.")
    return convenio


def _page(
    request: Request,
    session: Session,
    viewer: Viewer,
    clock: Clock,
    convenio_id: int,
    error: str | None = None,
    cut_off: str | None = None,
) -> Response:
    convenio = _convenio(session, convenio_id)
    annexes = convenio_progress.has_annexes(session=session, convenio_id=convenio.id)
    records = convenio_progress.issued(session=session, convenio_id=convenio.id)
    reports: list[dict[str, Any]] = []
    for record in reversed(records):
        heading, title = convenio_progress.report_title(record.number, convenio, annexes)
        reports.append({"record": record, "heading": heading, "title": title})
    last = records[-1] if records else None
    next_heading, next_title = convenio_progress.report_title(
        (last.number if last else 0) + 1, convenio, annexes
    )
    return render(
        request,
        "pages/progress_reports.html",
        {
            "viewer": viewer,
            "convenio": convenio,
            "reports": reports,
            "last": last,
            "next_heading": next_heading,
            "next_title": next_title,
            "today": clock.today(),
            "cut_off": cut_off if cut_off is not None else clock.today().isoformat(),
            "error": error,
        },
        status_code=422 if error else 200,
    )


@router.get("/convenios/{convenio_id}/informes")
def reports_page(
    request: Request,
    convenio_id: RowId,
    session: SessionDep,
    viewer: SignedInViewer,
    clock: ClockDep,
) -> Response:
    return _page(request, session, viewer, clock, convenio_id)


@router.post("/convenios/{convenio_id}/informes")
def issue_next(
    request: Request,
    convenio_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    """Issue the next numbered report; a refused date shows the form again with the reason."""
    require_editor(actor)
    raw = form.get("corte")
    typed = raw.strip()[:40] if isinstance(raw, str) else ""
    try:
        if not typed:
            raise Invalid("Indique la fecha de corte del informe.")
        try:
            day: date = CutOff.model_validate({"corte": typed}).corte
        except ValidationError as exc:
            raise invalid_field(exc, "Fecha de corte") from None
        record = convenio_progress.issue(
            session=session, actor=actor, clock=clock, convenio_id=convenio_id, cut_off=day
        )
    except Invalid as exc:
        return _page(request, session, viewer, clock, convenio_id, exc.detail, typed)
    heading, _ = convenio_progress.titles(session=session, record=record)
    return done(
        request,
        f"/convenios/{convenio_id}/informes",
        f"Se emitió el {heading.lower()} con corte al {long_date(record.cut_off)}.",
    )


@router.get("/convenios/{convenio_id}/informes/{number}.{fmt}")
async def report_document(
    convenio_id: RowId,
    number: RowId,
    fmt: Literal["pdf", "xlsx"],
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    """An issued progress report as PDF or XLSX."""
    return await progress_file(convenio_id, number, ReportFormat(fmt), session, turn, ctx, clock)
