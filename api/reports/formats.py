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
from workflow.spreadsheets.file_writers import FORMATS


class ReportFormat(StrEnum):
    json = "json"
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"


MEDIA_TYPES = {
    ReportFormat.json: FORMATS["json"],
    ReportFormat.html: "text/html; charset=utf-8",
    ReportFormat.pdf: "application/pdf",
    ReportFormat.xlsx: FORMATS["xlsx"],
}
"""Report formats and their media types (the spreadsheet exports' own, for JSON and XLSX)."""


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    media_type: str
    filename: str


def as_json(report: Any) -> Any:
    return jsonable_encoder(asdict(report))


def written(
    name: str,
    fmt: ReportFormat,
    data: Any,
    document: Callable[[], str],
    workbook: Callable[[], bytes] | None = None,
) -> RenderedReport:
    """The one choice of a writer for every report: `data` as JSON, `workbook()` as XLSX, the
    HTML `document()` as it is or laid out as PDF. A report without a workbook gives its data
    for XLSX. Only the chosen writer runs (a PDF takes seconds)."""
    writers: dict[ReportFormat, Callable[[], bytes]] = {
        ReportFormat.json: lambda: json.dumps(as_json(data), ensure_ascii=False, indent=2).encode(),
        ReportFormat.html: lambda: document().encode(),
        ReportFormat.pdf: lambda: pdf.to_pdf(document()),
    }
    if workbook is not None:
        writers[ReportFormat.xlsx] = workbook
    fmt = fmt if fmt in writers else ReportFormat.json
    return RenderedReport(writers[fmt](), MEDIA_TYPES[fmt], f"{name}.{fmt.value}")


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
    head = letterhead or Letterhead(institution=institution)

    def document() -> str:
        body = html.followup_body(
            report, institution=institution, tz=tz, generated_on=today, letterhead=head
        )
        return html.document(body, title=report.title, tz=tz, page_size=head.page_size)

    return written(
        "seguimiento-" + report.header.meeting_key.replace("/", "-"),
        fmt,
        report,
        document,
        lambda: xlsx.followup_workbook(report, institution=institution, tz=tz, letterhead=head),
    )


def progress(
    report: ProgressReport, fmt: ReportFormat, *, institution: str, tz: ZoneInfo, today: date
) -> RenderedReport:
    def document() -> str:
        body = html.progress_body(report, institution=institution, tz=tz, generated_on=today)
        return html.document(body, title=report.title, tz=tz)

    return written(
        f"informe-{report.number:02d}-" + report.convenio.key.replace("/", "-"),
        fmt,
        report,
        document,
        lambda: xlsx.progress_workbook(report, institution=institution, tz=tz),
    )


def agenda(
    draft: DraftAgenda, fmt: ReportFormat, *, institution: str, tz: ZoneInfo, today: date
) -> RenderedReport:
    """The draft agenda of an organ's next session: a document (HTML or PDF) or its data."""

    def document() -> str:
        body = html.agenda_body(draft, institution=institution, tz=tz, generated_on=today)
        return html.document(body, title=f"Orden del día: {draft.session_name}", tz=tz)

    name = f"orden-del-dia-{draft.organ}-{draft.number}SO-{draft.year}"
    return written(name, fmt, draft, document)


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
