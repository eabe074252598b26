"""Reports as PDF, through WeasyPrint (Pango and fonts come from scripts/system-deps.sh).

Imports nothing else of ours: the server runs `to_pdf` in worker processes (`api.reports.slots`),
which import this module.
"""

from __future__ import annotations

ARCHIVAL = "pdf/a-3b"
"""The variant of an issued report's PDF: PDF/A-3b, self-contained (fonts embedded, colours
described) so a copy opens and checks the same years later."""


def to_pdf(document: str, *, variant: str | None = None) -> bytes:
    """Lay out an HTML document, with its inline print CSS (`@page`, running headers), as PDF
    (`variant`: a WeasyPrint `pdf_variant`, e.g. `ARCHIVAL`)."""
    from weasyprint import HTML  # 0.7 s to import: only the commands and routes that make a PDF pay

    pdf = HTML(string=document).write_pdf(pdf_variant=variant)
    assert pdf is not None  # without a target, write_pdf returns the bytes
    return pdf
