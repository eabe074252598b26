"""The list pages (`/acuerdos`, `/convenios`, `/actividades`): filters, search and pages, the one
parser of their query string (also for their exports), and the one page every kind's list is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.pages.paging import ListQuery, Pager, checked, export_links, offset_for
from api.pages.rendering import render
from api.pages.viewer import Viewer
from api.schemas.filters import PageFilters
from states.kinds import KINDS
from workflow.directory import catalogue
from workflow.items import listing


def flag(value: str | None) -> bool | None:
    return True if value in ("1", "si", "on", "true") else None


PAGE_NAMES = {"estado": "state", "area": "area", "organo": "organ", "q": "q"}
"""The list pages' query string (Spanish) and the filter each names; vencidos/relevantes are
check boxes (`flag`)."""

LIST_FILTERS: dict[str, dict[str, str]] = {
    "agreements": {"sesion": "meeting"},
    "convenios": {},
    "activities": {"convenio": "convenio"},
}
"""The filters each list has besides state, area, organ, overdue, relevant and search."""


def list_filters(
    request: Request, kind: str = "agreements"
) -> tuple[listing.Filters, dict[str, str]]:
    """The list's query string (Spanish names) as `Filters`, and the values to show back; the
    one parser of list filters for the list pages and their exports."""
    q = request.query_params
    names = {**PAGE_NAMES, **LIST_FILTERS[kind]}
    chosen = {k: q.get(k, "").strip() for k in (*names, "vencidos", "relevantes")}
    given: dict[str, Any] = {names[k]: chosen[k] or None for k in names}
    given |= {"overdue": flag(chosen["vencidos"]), "relevant": flag(chosen["relevantes"])}
    ListQuery.of(q)  # the page number, checked with the filters before any query runs
    return checked(PageFilters, given, names).filters(), chosen


def list_page(
    request: Request,
    *,
    session: Session,
    viewer: Viewer,
    today: date,
    model: Any,
    extra: dict[str, Any],
    of_rows: Callable[[list[Any]], dict[str, Any]] | None = None,
) -> Response:
    """A list page (`pages/<kind>.html`): one page of the rows its filters choose, and what every
    list shows besides (states, areas, organs, export and import links); `extra` adds the list's
    own choices, `of_rows` what it reads about the rows shown."""
    facts = KINDS[model.kind]
    kind = facts.api_plural
    filters, chosen = list_filters(request, kind)
    filters.limit = Pager.of(request.query_params, 0).per_page
    filters.offset = offset_for(request.query_params)
    page = listing.fetch_page(session=session, model=model, filters=filters, today=today)
    return render(
        request,
        f"pages/{kind}.html",
        {
            "viewer": viewer,
            "rows": page.rows,
            "pager": Pager.of(request.query_params, page.total),
            "chosen": chosen,
            "filtered": any(chosen.values()),
            "exports": export_links(request) if viewer.signed_in else [],
            "import_kind": kind if viewer.is_editor else None,
            "states": facts.lifecycle.states,
            "areas": catalogue.list_areas(session=session),
            "organs": catalogue.list_organs(session=session),
            **extra,
            **(of_rows(page.rows) if of_rows else {}),
        },
    )
