"""A session's follow-up report as a record (SPEC §6a): its observaciones per row, issuing it,
and the issued versions, whose stored bytes are served unchanged (ETag: their SHA-256)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.deps import ActorDep, Admitted, ClockDep, ContextDep, SessionDep
from api.gates import EDITORS
from api.report_issuing import IssuedVersion, issue_version
from api.reports.formats import MEDIA_TYPES, RenderedReport, ReportFormat
from api.routes.items import ERRORS
from api.routes.reports import AsOfQuery, file_response
from api.schemas.common import BoundedDate, RowId, Strict
from workflow.reports import issued

router = APIRouter(responses=ERRORS, tags=["informes"])

StoredFormat = Literal["json", "pdf", "xlsx"]
FORMATS = ("json", "pdf", "xlsx")


class IssueCreate(Strict):
    as_of: BoundedDate | None = None
    """Fecha de corte; por omisión, la del informe (el día anterior a la sesión)."""


class IssuedRead(BaseModel):
    number: int
    issued_at: dt.datetime
    issued_by: str
    sha256: str
    """SHA-256 del PDF emitido."""


class IssuedListed(IssuedRead):
    year: int
    cut_off: dt.date
    xlsx_sha256: str
    data_sha256: str
    pdf_variant: str
    url: str


def _listed(version: IssuedVersion) -> IssuedListed:
    return IssuedListed(
        number=version.number,
        year=version.year,
        cut_off=version.cut_off,
        issued_at=version.issued_at,
        issued_by=version.issued_by,
        sha256=version.sha256,
        xlsx_sha256=version.xlsx_sha256,
        data_sha256=version.data_sha256,
        pdf_variant=version.pdf_variant,
        url=f"/api/v1/meetings/{version.meeting_id}/report/issued/{version.number}",
    )


@router.put(
    "/api/v1/meetings/{meeting_id}/report/observations",
    response_model=dict[str, str],
    dependencies=[EDITORS],
)
def put_observations(
    meeting_id: RowId,
    body: Annotated[dict[str, str], Body(description="Clave del asunto → observación")],
    session: SessionDep,
    actor: ActorDep,
    clock: ClockDep,
    ctx: ContextDep,
    as_of: AsOfQuery = None,
) -> Any:
    """Replace the observaciones of the session's report (secretariat, admin): one text per
    row, by item key; a key left out or with empty text has none. Keys are those of the report's
    rows at `as_of` (by default, its own cut-off)."""
    report = issued.draft(session=session, meeting_id=meeting_id, tz=ctx.settings.tz, as_of=as_of)
    return issued.save_observations(
        session=session,
        actor=actor,
        clock=clock,
        meeting_id=meeting_id,
        texts=body,
        keys=issued.row_keys(report),
        whole=True,
    )


@router.post(
    "/api/v1/meetings/{meeting_id}/report/issue",
    status_code=201,
    response_model=IssuedRead,
    dependencies=[EDITORS],
)
async def issue_report(
    meeting_id: RowId,
    session: SessionDep,
    turn: Admitted,
    actor: ActorDep,
    clock: ClockDep,
    ctx: ContextDep,
    body: IssueCreate | None = None,
) -> Any:
    """Issue the session's report (secretariat, admin) as the next numbered version of its organ
    and year: its data, PDF (PDF/A-3b) and XLSX are stored and never change."""
    version = await issue_version(
        ctx=ctx,
        session=session,
        turn=turn,
        actor=actor,
        clock=clock,
        meeting_id=meeting_id,
        as_of=body.as_of if body else None,
    )
    return IssuedRead(
        number=version.number,
        issued_at=version.issued_at,
        issued_by=version.issued_by,
        sha256=version.sha256,
    )


@router.get("/api/v1/meetings/{meeting_id}/report/issued", response_model=list[IssuedListed])
def list_issued(meeting_id: RowId, session: SessionDep, actor: ActorDep) -> Any:
    """The issued versions of the session's report, first to last."""
    records = issued.versions(session=session, meeting_id=meeting_id)
    return [_listed(IssuedVersion.of(r)) for r in records]


def issued_file(
    session: Session,
    meeting_id: int,
    number: int,
    fmt: StoredFormat,
    if_none_match: str | None,
) -> Response:
    """The stored bytes of an issued version, for the API and the pages: the same every time,
    so a client that has them (`If-None-Match` with the SHA-256) gets 304."""
    record = issued.get(session=session, meeting_id=meeting_id, number=number)
    content, digest = issued.stored_file(record, fmt)
    if if_none_match is not None and digest in if_none_match:
        return Response(status_code=304, headers={"ETag": f'"{digest}"'})
    report_format = ReportFormat(fmt)
    rendered = RenderedReport(content, MEDIA_TYPES[report_format], issued.file_name(record, fmt))
    return file_response(rendered, report_format, digest)


@router.get(
    "/api/v1/meetings/{meeting_id}/report/issued/{number}",
    responses={200: {"content": {MEDIA_TYPES[ReportFormat(f)]: {} for f in FORMATS}}},
)
def get_issued(
    meeting_id: RowId,
    number: RowId,
    session: SessionDep,
    actor: ActorDep,
    format: StoredFormat = "json",
    if_none_match: Annotated[str | None, Header()] = None,
) -> Response:
    """An issued version as it was stored: json (its data, by default), pdf or xlsx."""
    return issued_file(session, meeting_id, number, format, if_none_match)
