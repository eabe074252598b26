"""A form shown again with what was typed and why the server refused it: a sentence above the
form, or next to the field it names, with the status the API would answer. One model for every
page (edit, capture, session, administration), so nothing a person typed is lost."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from api.pages.fields import Problems, status_of
from api.pages.rendering import render
from workflow.engine.errors import DomainError


@dataclasses.dataclass
class Refused:
    """A form as typed (or as it starts, when first shown) and, once refused, why."""

    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    """The fields as typed, to show again."""
    version: int | None = None
    """The version of the record the person saw (the `If-Match` rule)."""
    problems: Problems = dataclasses.field(default_factory=Problems)
    """Field → the sentence shown next to it."""
    error: str | None = None
    """The sentence shown above the form."""
    form: str = ""
    """Which form of a page that has several (empty where it has one)."""
    field: str | None = None
    """The field `error` is about, for the form to mark."""
    status_code: int | None = None
    """The status the API answers for the refusal; None: 422 when anything is wrong, else 200."""

    @property
    def status(self) -> int:
        if self.status_code is not None:
            return self.status_code
        return 422 if self.error or self.problems else 200

    @property
    def stale(self) -> bool:
        """Refused because someone changed the record since the form was shown (`StaleVersion`)."""
        return self.status == 412

    def refused_by(self, exc: DomainError, form_field: Mapping[str, str] | None = None) -> None:
        """Keep `exc`'s sentence next to the field it names (`form_field` maps the workflow's
        name to the form's), or above the form, with the status the API would answer."""
        named = str(exc.extra.get("field", ""))
        where = (form_field or {}).get(named, named)
        if where in self.values:
            self.problems[where] = exc.detail
        else:
            self.error = exc.detail
        self.status_code = status_of(exc)


def refuse(
    session: Session, exc: DomainError, typed: dict[str, str] | None = None, form: str = ""
) -> Refused:
    """Undo whatever the refused form wrote (nothing of it stays) and say why above the form,
    marking the field it is about, as the API would."""
    session.rollback()
    where = exc.extra.get("field")
    return Refused(
        values=dict(typed or {}),
        error=exc.detail,
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
        "typed": (refused.values if refused else None) or typed or {},
        "error": refused.error if refused else None,
        "error_field": refused.field if refused else None,
        "failed_form": refused.form if refused else None,
    }
    status = refused.status if refused else status_code
    return render(request, name, {**context, **shown}, status_code=status)
