"""One entry point per report: data in, a file out (bytes, media type, file name), for the API
routes and the CLI alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import anyio.to_thread
from fastapi.encoders import jsonable_encoder

from api.reports import html, pdf, xlsx
from api.reports.letterhead import Letterhead
from api.reports.slots import RenderSlots
from workflow.reports.agenda import DraftAgenda
from workflow.reports.convenio_progress import ProgressReport
from workflow.reports.followup import FollowupReport


class ReportFormat(StrEnum):
    json = "json"
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"


MEDIA_TYPES = {
    ReportFormat.json: "application/json",
    ReportFormat.html: "text/html; charset=utf-8",
    ReportFormat.pdf: "application/pdf",
    ReportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    media_type: str
    filename: str


def as_json(report: Any) -> Any:
    return jsonable_encoder(asdict(report))


def followup(
    report: FollowupReport,
    fmt: ReportFormat,
    *,
    institution: str,
    tz: ZoneInfo,
    today: date,
    letterhead: Letterhead | None = None,
) -> RenderedReport:
    """The follow-up report; pass `letterhead=Letterhead.of(settings)` for the logo, the signer
    and the paper size of the settings (without it: the institution's name, carta paper)."""
    name = "seguimiento-" + report.header.meeting_key.replace("/", "-")
    head = letterhead or Letterhead(institution=institution)
    if fmt is ReportFormat.json:
        content = json.dumps(as_json(report), ensure_ascii=False, indent=2).encode()
    elif fmt is ReportFormat.xlsx:
        content = xlsx.followup_workbook(report, institution=institution, tz=tz, letterhead=head)
    else:
        body = html.followup_body(
            report, institution=institution, tz=tz, generated_on=today, letterhead=head
        )
        document = html.document(body, title=report.title, tz=tz, page_size=head.page_size)
        content = pdf.to_pdf(document) if fmt is ReportFormat.pdf else document.encode()
    return RenderedReport(content, MEDIA_TYPES[fmt], f"{name}.{fmt.value}")


def progress(
    report: ProgressReport, fmt: ReportFormat, *, institution: str, tz: ZoneInfo, today: date
) -> RenderedReport:
    name = f"informe-{report.number:02d}-" + report.convenio.key.replace("/", "-")
    if fmt is ReportFormat.json:
        content = json.dumps(as_json(report), ensure_ascii=False, indent=2).encode()
    elif fmt is ReportFormat.xlsx:
        content = xlsx.progress_workbook(report, institution=institution, tz=tz)
    else:
        body = html.progress_body(report, institution=institution, tz=tz, generated_on=today)
        document = html.document(body, title=report.title, tz=tz)
        content = pdf.to_pdf(document) if fmt is ReportFormat.pdf else document.encode()
    return RenderedReport(content, MEDIA_TYPES[fmt], f"{name}.{fmt.value}")


def agenda(
    draft: DraftAgenda, fmt: ReportFormat, *, institution: str, tz: ZoneInfo, today: date
) -> RenderedReport:
    """The draft agenda of an organ's next session: a document (HTML or PDF) or its data."""
    name = f"orden-del-dia-{draft.organ}-{draft.number}SO-{draft.year}"
    if fmt in (ReportFormat.json, ReportFormat.xlsx):
        content = json.dumps(as_json(draft), ensure_ascii=False, indent=2).encode()
        return RenderedReport(content, MEDIA_TYPES[ReportFormat.json], f"{name}.json")
    body = html.agenda_body(draft, institution=institution, tz=tz, generated_on=today)
    document = html.document(body, title=f"Orden del día: {draft.session_name}", tz=tz)
    content = pdf.to_pdf(document) if fmt is ReportFormat.pdf else document.encode()
    return RenderedReport(content, MEDIA_TYPES[fmt], f"{name}.{fmt.value}")


async def served(
    render: Callable[[ReportFormat], RenderedReport], fmt: ReportFormat, slots: RenderSlots
) -> RenderedReport:
    """`render(fmt)` for a server: in a worker thread, so the event loop keeps answering, and a
    PDF laid out from the HTML in one of the few render slots (it takes seconds of CPU).

    The report's data is built before this is called, in a session already closed: nothing here
    holds a database connection.
    """
    if fmt is not ReportFormat.pdf:
        return await anyio.to_thread.run_sync(render, fmt)
    page = await anyio.to_thread.run_sync(render, ReportFormat.html)
    content = await slots.to_pdf(page.content.decode())
    name = page.filename.removesuffix(f".{ReportFormat.html.value}")
    return RenderedReport(content, MEDIA_TYPES[fmt], f"{name}.{fmt.value}")
