"""Reports as HTML: a body to embed in a page, or a whole document (for `format=html` and PDF)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from markupsafe import Markup

from api.reports.letterhead import PAGE_SIZES, Letterhead
from api.reports.templating import render
from workflow.reports.agenda import DraftAgenda
from workflow.reports.convenio_progress import ProgressReport
from workflow.reports.followup import FollowupReport


def followup_body(
    report: FollowupReport,
    *,
    institution: str,
    tz: ZoneInfo,
    generated_on: date,
    letterhead: Letterhead | None = None,
) -> Markup:
    """The report's body; `letterhead` (from settings) gives the logo and the signer, else
    the institution's name alone heads it."""
    return render(
        tz,
        "_followup_body.html",
        report=report,
        letterhead=letterhead or Letterhead(institution=institution),
        generated_at=generated_on,
    )


def progress_body(
    report: ProgressReport, *, institution: str, tz: ZoneInfo, generated_on: date
) -> Markup:
    return render(
        tz, "_progress_body.html", report=report, institution=institution, generated_at=generated_on
    )


def agenda_body(
    draft: DraftAgenda, *, institution: str, tz: ZoneInfo, generated_on: date
) -> Markup:
    return render(
        tz, "_agenda_body.html", draft=draft, institution=institution, generated_at=generated_on
    )


def document(
    body: Markup, *, title: str, tz: ZoneInfo, page_size: str = PAGE_SIZES["carta"]
) -> str:
    """A standalone document: the report stylesheet inline, so it prints and converts alone."""
    return str(render(tz, "document.html", body=body, title=title, page_size=page_size))
