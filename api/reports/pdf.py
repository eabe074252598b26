"""Reports as PDF, through WeasyPrint (Pango and fonts come from scripts/system-deps.sh).

Imports nothing else of ours: the server runs `to_pdf` in worker processes (`api.reports.slots`),
which import this module.
"""

from __future__ import annotations


def to_pdf(document: str) -> bytes:
    """Lay out an HTML document, with its inline print CSS (`@page`, running headers), as PDF."""
    from weasyprint import HTML  # 0.7 s to import: only the commands and routes that make a PDF pay

    pdf = HTML(string=document).write_pdf()
    assert pdf is not None  # without a target, write_pdf returns the bytes
    return pdf
