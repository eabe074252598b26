"""`/sesiones/{id}/seguimiento`: the follow-up report as a page of the site, its PDF and XLSX, and
(for the secretariat) what makes it a record: a cut-off date (`?al=AAAA-MM-DD`), the
observaciones per row, the draft's preview and issuing it (SPEC §6a). Issued versions are
downloaded from `/sesiones/{id}/seguimiento/emitidos/{n}.pdf|xlsx|json`, the stored bytes.

Writing and issuing call the services the API calls (`workflow.reports.issued`,
`api.report_issuing`); the secretariat and admins may, others get 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from api.deps import Admitted, ClockDep, ContextDep, SessionDep
from api.errors import invalid_field
from api.pages.csrf import CheckedForm
from api.pages.fields import text
from api.pages.rendering import done, render
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.report_issuing import IssuedVersion, issue_version
from api.reports import html
from api.reports.formats import ReportFormat
from api.reports.templating import stylesheet
from api.routes.issued_reports import StoredFormat, issued_file
from api.routes.reports import AsOfQuery, followup_file
from api.schemas.common import BoundedDate, RowId
from states.dates_es import long_date
from workflow.engine.actors import require_editor
from workflow.engine.errors import Invalid
from workflow.reports import issued
from workflow.reports.followup import FollowupReport
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

router = APIRouter(include_in_schema=False)

DocumentFormat = Literal["pdf", "xlsx"]
OBSERVATION = "obs:"
"""Prefix of an observación's textarea: `obs:<item key>`."""
SHOWN = "shown:"
"""Prefix of the hidden copy of the text the page showed, so only rows edited are written."""


class CutOff(BaseModel):
    al: BoundedDate


@dataclass
class Typed:
    """What the page shows in its forms: the chosen cut-off, and observaciones as typed."""

    cut_off: str = ""
    cut_off_error: str | None = None
    texts: dict[str, str] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    issue_error: str | None = None


def cut_off_of(raw: str) -> date | None:
    """The `al` of a query or a form as a date (`Invalid` with the reason); empty is None."""
    if not raw:
        return None
    try:
        return CutOff.model_validate({"al": raw[:40]}).al
    except ValidationError as exc:
        raise invalid_field(exc, "Fecha de corte") from None


def page_url(meeting_id: int, as_of: str = "") -> str:
    query = f"?{urlencode({'al': as_of})}" if as_of else ""
    return f"/sesiones/{meeting_id}/seguimiento{query}"


def _rows(report: FollowupReport) -> list[dict[str, Any]]:
    """The rows to annotate, each once, in the order the report reads them."""
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for section in report.sections:
        for row in section.rows:
            if row.key not in seen:
                seen.add(row.key)
                rows.append({"row": row, "section": section.title})
    return rows


def _page(
    request: Request,
    session: Session,
    viewer: Viewer,
    settings: Settings,
    clock: Clock,
    meeting_id: int,
    typed: Typed,
    status_code: int = 200,
) -> Response:
    as_of = None if typed.cut_off_error else cut_off_of(typed.cut_off)
    report = issued.draft(session=session, meeting_id=meeting_id, tz=settings.tz, as_of=as_of)
    body = html.followup_body(
        report, institution=settings.institution_name, tz=settings.tz, generated_on=clock.today()
    )
    stored = issued.observations(session=session, meeting_id=meeting_id) if viewer.is_editor else {}
    chosen = as_of.isoformat() if as_of else ""
    return render(
        request,
        "reports/followup_page.html",
        {
            "viewer": viewer,
            "meeting_id": meeting_id,
            "meeting_key": report.header.meeting_key,
            "body": body,
            "report_css": stylesheet(),
            "report": report,
            "rows": _rows(report) if viewer.is_editor else [],
            "stored": stored,
            "typed": typed,
            "cut_off": typed.cut_off if typed.cut_off_error else report.as_of.isoformat(),
            "chosen": chosen,
            "query": f"?{urlencode({'al': chosen})}" if chosen else "",
            "today": clock.today(),
            "versions": [
                IssuedVersion.of(v) for v in issued.versions(session=session, meeting_id=meeting_id)
            ],
            "OBSERVATION": OBSERVATION,
            "SHOWN": SHOWN,
            "LIMIT": issued.OBSERVATION_LENGTH,
        },
        status_code=status_code,
    )


@router.get("/sesiones/{meeting_id}/seguimiento")
def followup_page(
    request: Request,
    meeting_id: RowId,
    session: SessionDep,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
    al: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """The report at its cut-off (or the one chosen); a date that is not one is said next to
    the chooser, and the report is shown at its default cut-off."""
    typed = Typed(cut_off=al.strip())
    try:
        cut_off_of(typed.cut_off)
    except Invalid as exc:
        typed.cut_off_error = exc.detail
    status = 422 if typed.cut_off_error else 200
    return _page(request, session, viewer, ctx.settings, clock, meeting_id, typed, status)


@router.post("/sesiones/{meeting_id}/seguimiento/observaciones")
def save_observations(
    request: Request,
    meeting_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    """Write the observaciones of the rows edited; a refused one shows the form again with
    every text as typed and each problem next to its row."""
    require_editor(actor)
    typed = Typed(cut_off=text(form, "al"))
    try:
        as_of = cut_off_of(typed.cut_off)
    except Invalid:
        typed.cut_off, as_of = "", None
    report = issued.draft(session=session, meeting_id=meeting_id, tz=ctx.settings.tz, as_of=as_of)
    keys = issued.row_keys(report)
    changed: dict[str, str] = {}
    for key in keys:
        typed_text = form.get(OBSERVATION + key)
        if not isinstance(typed_text, str):
            continue
        typed.texts[key] = typed_text
        if typed_text.strip() != text(form, SHOWN + key):
            changed[key] = typed_text
    for key, typed_text in changed.items():
        try:
            issued.checked_observation(key, typed_text, keys)
        except Invalid as exc:
            typed.problems[key] = exc.detail
    if not typed.problems:
        try:
            issued.save_observations(
                session=session,
                actor=actor,
                clock=clock,
                meeting_id=meeting_id,
                texts=changed,
                keys=keys,
                whole=False,
            )
        except Invalid as exc:
            typed.error = exc.detail
    if typed.problems or typed.error:
        session.rollback()
        return _page(request, session, viewer, ctx.settings, clock, meeting_id, typed, 422)
    said = (
        f"Se guardaron las observaciones de {len(changed)} renglón(es)."
        if changed
        else "No había observaciones nuevas que guardar."
    )
    return done(request, page_url(meeting_id, typed.cut_off), said)


@router.post("/sesiones/{meeting_id}/seguimiento/emitir")
async def issue(
    request: Request,
    meeting_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    actor: PageActor,
    ctx: ContextDep,
    clock: ClockDep,
) -> Response:
    """Issue the draft at the cut-off chosen, then download the version just issued (its PDF);
    without the confirmation, or with a cut-off refused, the page says why."""
    require_editor(actor)
    typed = Typed(cut_off=text(form, "al"))
    try:
        as_of = cut_off_of(typed.cut_off)
        if form.get("confirmo") != "si":
            raise Invalid(
                "Marque la casilla que confirma la emisión: una versión emitida ya no cambia."
            )
    except Invalid as exc:
        typed.issue_error = exc.detail
        return await run_in_threadpool(
            _page, request, session, viewer, ctx.settings, clock, meeting_id, typed, 422
        )
    try:
        version = await issue_version(
            ctx=ctx,
            session=session,
            turn=turn,
            actor=actor,
            clock=clock,
            meeting_id=meeting_id,
            as_of=as_of,
        )
    except Invalid as exc:
        return done(request, page_url(meeting_id, typed.cut_off), exc.detail, "error")
    return done(
        request,
        f"/sesiones/{meeting_id}/seguimiento/emitidos/{version.number}.pdf",
        f"Se emitió la versión {version.number}/{version.year} del informe, con corte al "
        f"{long_date(version.cut_off)}. SHA-256 del PDF: {version.sha256}.",
    )


@router.get("/sesiones/{meeting_id}/seguimiento.{fmt}")
async def followup_document(
    meeting_id: RowId,
    fmt: DocumentFormat,
    session: SessionDep,
    turn: Admitted,
    viewer: SignedInViewer,
    ctx: ContextDep,
    clock: ClockDep,
    al: AsOfQuery = None,
) -> Response:
    """The draft as PDF (the preview) or XLSX, at the cut-off chosen."""
    return await followup_file(meeting_id, ReportFormat(fmt), session, turn, ctx, clock, al)


@router.get("/sesiones/{meeting_id}/seguimiento/emitidos/{number}.{fmt}")
def issued_document(
    meeting_id: RowId,
    number: RowId,
    fmt: StoredFormat,
    session: SessionDep,
    viewer: SignedInViewer,
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """An issued version's stored bytes, as the API serves them."""
    return issued_file(session, meeting_id, number, fmt, if_none_match)
