"""Issuing a session's follow-up report, for the API route and the page alike: read the draft,
lay out its files, then store them as the next numbered version.

Three steps, each holding only what it needs: the reads hold the request's database turn (and
close its session); the layout (seconds for the PDF) holds a render slot and no connection; the
insert takes a turn and a short unit of work of its own. So a PDF being laid out never keeps
SQLite's write lock, nor a pooled connection, from the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import anyio.to_thread
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from api.admission import Ticket
from api.context import AppContext
from api.deps import in_thread_then_release
from api.reports import formats
from api.reports.formats import ReportFormat
from api.reports.pdf import ARCHIVAL
from workflow.engine.actors import Actor, require_editor
from workflow.models import IssuedReport
from workflow.reports import issued
from workflow.reports.followup import FollowupReport
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work


@dataclass(frozen=True)
class IssuedVersion:
    """An issued version as people and programs read it (its files stay in the database)."""

    meeting_id: int
    number: int
    year: int
    cut_off: date
    issued_at: datetime
    issued_by: str
    sha256: str
    """Of the PDF: the digest a person checks a copy against."""
    xlsx_sha256: str
    data_sha256: str
    pdf_variant: str

    @classmethod
    def of(cls, record: IssuedReport) -> IssuedVersion:
        return cls(
            meeting_id=record.meeting_id,
            number=record.number,
            year=record.year,
            cut_off=record.cut_off,
            issued_at=record.issued_at,
            issued_by=record.issued_by_label,
            sha256=record.pdf_sha256,
            xlsx_sha256=record.xlsx_sha256,
            data_sha256=record.data_sha256,
            pdf_variant=record.pdf_variant,
        )


async def _files(report: FollowupReport, ctx: AppContext, today: date) -> issued.IssuedFiles:
    settings = ctx.settings

    def render(fmt: ReportFormat) -> bytes:
        return formats.followup(
            report, fmt, institution=settings.institution_name, tz=settings.tz, today=today
        ).content

    data = await anyio.to_thread.run_sync(render, ReportFormat.json)
    xlsx = await anyio.to_thread.run_sync(render, ReportFormat.xlsx)
    document = await anyio.to_thread.run_sync(render, ReportFormat.html)
    pdf = await ctx.pdf_slots.to_pdf(document.decode(), variant=ARCHIVAL)
    return issued.IssuedFiles(data=data, pdf=pdf, xlsx=xlsx, pdf_variant=ARCHIVAL)


async def issue_version(
    *,
    ctx: AppContext,
    session: Session,
    turn: Ticket,
    actor: Actor,
    clock: Clock,
    meeting_id: int,
    as_of: date | None,
) -> IssuedVersion:
    """Issue the session's report at `as_of` (its default cut-off when None) as the next
    numbered version; `session` and `turn` are the request's, closed and given back early."""
    require_editor(actor)
    report = await in_thread_then_release(
        session,
        turn,
        lambda: issued.prepare(
            session=session,
            actor=actor,
            clock=clock,
            meeting_id=meeting_id,
            tz=ctx.settings.tz,
            as_of=as_of,
        ),
    )
    files = await _files(report, ctx, clock.today())

    def store() -> IssuedVersion:
        with unit_of_work(ctx.writers) as writer:
            record = issued.issue(
                session=writer,
                actor=actor,
                clock=clock,
                meeting_id=meeting_id,
                cut_off=report.as_of,
                files=files,
            )
            return IssuedVersion.of(record)

    ticket = await ctx.admission.enter()
    try:
        return await run_in_threadpool(store)
    finally:
        ticket.release()
