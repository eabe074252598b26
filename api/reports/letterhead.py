"""What heads and closes a report on paper: the institution's name and logo, who signs it for
the technical secretariat, and the paper size — all from settings, so the same report prints
for another institution without touching a template."""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workflow.runtime.settings import Settings

PAGE_SIZES = {"carta": "letter landscape", "a4": "A4 landscape"}
"""CSS `@page` sizes; reports are landscape so the form's eight columns stay readable."""


@dataclass(frozen=True)
class Letterhead:
    institution: str
    logo: Path | None = None
    signer: str = ""
    signer_post: str = "Secretaría Técnica"
    paper: Literal["carta", "a4"] = "carta"

    @classmethod
    def of(cls, settings: Settings) -> Letterhead:
        return cls(
            institution=settings.institution_name,
            logo=settings.institution_logo,
            signer=settings.report_signer,
            signer_post=settings.report_signer_post,
            paper=settings.paper_size,
        )

    @property
    def page_size(self) -> str:
        return PAGE_SIZES[self.paper]

    @property
    def logo_uri(self) -> str | None:
        """The logo inlined as a data URI (the PDF is laid out from a string, with no base
        folder); none when unset or unreadable, so a moved file never stops a report."""
        if self.logo is None:
            return None
        try:
            data = self.logo.read_bytes()
        except OSError:
            return None
        kind = mimetypes.guess_type(self.logo.name)[0] or "image/png"
        return f"data:{kind};base64,{base64.b64encode(data).decode()}"
