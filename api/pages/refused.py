"""A form the server refused, shown again: what was typed, why, next to which field, with the
status the API would answer — one path for every page, so nothing a person typed is lost."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from api.pages.fields import status_of
from api.pages.rendering import render
from workflow.engine.errors import DomainError


@dataclasses.dataclass(frozen=True)
class Refused:
    """A form the server refused: why, what was typed, and the status to answer with."""

    error: str
    """The sentence shown with the form."""
    typed: dict[str, str] = dataclasses.field(default_factory=dict)
    form: str = ""
    """Which form of a page that has several (empty where it has one)."""
    field: str | None = None
    """The field the sentence is about, for the form to mark."""
    status_code: int = 422

    @property
    def stale(self) -> bool:
        """Refused because someone changed the record since the form was shown (`StaleVersion`)."""
        return self.status_code == 412


def refuse(
    session: Session, exc: DomainError, typed: dict[str, str] | None = None, form: str = ""
) -> Refused:
    """Undo whatever the refused form wrote (nothing of it stays) and say why, as the API would."""
    session.rollback()
    where = exc.extra.get("field")
    return Refused(
        error=exc.detail,
        typed=typed or {},
        form=form,
        field=where if isinstance(where, str) else None,
        status_code=status_of(exc),
    )


def render_form(
    request: Request,
    name: str,
    context: dict[str, Any],
    refused: Refused | None = None,
    *,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """`render` for a page with forms: `typed` (what they start with) and no error, or, once
    refused, what was typed (`typed` where nothing was), the error (`error`, `error_field`,
    `failed_form`) and its status."""
    shown = {
        "typed": (refused.typed if refused else None) or typed or {},
        "error": refused.error if refused else None,
        "error_field": refused.field if refused else None,
        "failed_form": refused.form if refused else None,
    }
    status = refused.status_code if refused else status_code
    return render(request, name, {**context, **shown}, status_code=status)
