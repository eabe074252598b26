"""Issuing a session's follow-up report, for the API route and the page alike: read the draft,
lay out its files, then store them as the next numbered version.

Three steps, each holding only what it needs: the reads hold the request's database turn (and
close its session); the layout (seconds for the PDF) holds a render slot and no connection; the
insert takes a turn and a short unit of work of its own. So a PDF being laid out never keeps
SQLite's write lock, nor a pooled connection, from the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

import anyio.to_thread
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from api.admission import Ticket
from api.context import AppContext
from api.deps import in_thread_then_release
from api.reports import formats
from api.reports.formats import ReportFormat
from api.reports.letterhead import Letterhead
from api.reports.pdf import ARCHIVAL
from workflow.engine.actors import Actor, require_editor
from workflow.models import IssuedReport
from workflow.reports import issued
from workflow.reports.followup import Edition, FollowupReport
from workflow.runtime.clock import Clock
from workflow.runtime.db import unit_of_work

T = TypeVar("T")


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


ATTEMPTS = 4
"""Layouts tried when other people keep issuing the same series meanwhile (then a 409)."""


async def _files(report: FollowupReport, ctx: AppContext, today: date) -> issued.IssuedFiles:
    settings = ctx.settings

    def render(fmt: ReportFormat) -> bytes:
        return formats.followup(
            report,
            fmt,
            institution=settings.institution_name,
            tz=settings.tz,
            today=today,
            letterhead=Letterhead.of(settings),
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

    def prepare() -> tuple[FollowupReport, Edition]:
        report = issued.prepare(
            session=session,
            actor=actor,
            clock=clock,
            meeting_id=meeting_id,
            tz=ctx.settings.tz,
            as_of=as_of,
        )
        return report, issued.next_edition(session=session, meeting_id=meeting_id, clock=clock)

    report, edition = await in_thread_then_release(session, turn, prepare)
    for attempt in range(ATTEMPTS):
        # The files name their own number, so they are laid out again when another person
        # issued that number meanwhile.
        files = await _files(replace(report, edition=edition), ctx, edition.issued_on)
        try:
            return await _store(ctx, actor, clock, meeting_id, report.as_of, files, edition)
        except issued.NumberTaken:
            if attempt == ATTEMPTS - 1:
                raise
            edition = await _next_edition(ctx, meeting_id, clock)
    raise AssertionError("unreachable")


async def _admitted(ctx: AppContext, work: Callable[[], T]) -> T:
    """`work` in a worker thread, with a turn of the database and a writer session of its own."""
    ticket = await ctx.admission.enter()
    try:
        return await run_in_threadpool(work)
    finally:
        ticket.release()


async def _store(
    ctx: AppContext,
    actor: Actor,
    clock: Clock,
    meeting_id: int,
    cut_off: date,
    files: issued.IssuedFiles,
    edition: Edition,
) -> IssuedVersion:
    def store() -> IssuedVersion:
        with unit_of_work(ctx.writers) as writer:
            record = issued.issue(
                session=writer,
                actor=actor,
                clock=clock,
                meeting_id=meeting_id,
                cut_off=cut_off,
                files=files,
                number=edition.number,
            )
            return IssuedVersion.of(record)

    return await _admitted(ctx, store)


async def _next_edition(ctx: AppContext, meeting_id: int, clock: Clock) -> Edition:
    def read() -> Edition:
        with unit_of_work(ctx.writers) as reader:
            return issued.next_edition(session=reader, meeting_id=meeting_id, clock=clock)

    return await _admitted(ctx, read)
