"""The Jinja2 environment of the pages: Spanish dates (`states.dates_es`), state labels, flash
messages, headers.

Autoescaping is on for every template, so whatever a person typed (a title, an update) is
rendered as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from states import LIFECYCLES, dates_es
from states.kinds import KINDS, page_of
from states.roles import ROLE_LABELS, Role
from states.vocabulary import (
    CONVENIO_KINDS,
    MEETING_KINDS,
    MODALITIES,
)

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
"""No inline script runs on a page, even if escaping were ever bypassed."""


def _in_page_zone(zoned: Callable[..., str]) -> Callable[..., str]:
    """A zoned date filter reading the institution's time zone from the page's context (`tz`)."""

    @pass_context
    def bound(ctx: Context, value: datetime | None, missing: str = dates_es.ABSENT) -> str:
        return zoned(value, tz=ctx["tz"], missing=missing)

    return bound


def item_page(item: Any) -> str:
    """`{{ item | page }}`: the path of an item's page, as `states.kinds.page_of` makes it."""
    return page_of(item.kind, item.id) or "/"


def late(item: Any, overdue: bool) -> bool:
    """`{{ late(item, overdue) }}`: whether a page shows an item as vencido. The derived flag
    (SPEC §2), except while the item waits on the secretariat's review: the area has done its
    part, and the page reads «en revisión» rather than as the area's overdue work."""
    return bool(overdue) and LIFECYCLES[item.kind].waiting_on(item.state) != Role.secretariat


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.filters.update(dates_es.PLAIN)
    env.filters.update({name: _in_page_zone(f) for name, f in dates_es.ZONED.items()})
    env.filters["page"] = item_page
    env.globals["late"] = late
    env.globals.update(
        LIFECYCLES=LIFECYCLES,
        ROLE_LABELS={r.value: label for r, label in ROLE_LABELS.items()},
        CONVENIO_KINDS=CONVENIO_KINDS,
        ITEM_KINDS={k.name: k.label for k in KINDS.values()},
        MEETING_KINDS=MEETING_KINDS,
        MODALITIES=MODALITIES,
        Role=Role,
    )
    return templates


templates = make_templates()


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A message shown once on the next page (after a redirect)."""
    request.session["flash"] = [*request.session.get("flash", []), {"kind": kind, "text": message}]


def done(request: Request, to: str, message: str, kind: str = "ok") -> RedirectResponse:
    """What a form that worked answers: `message` flashed, then a 303 to the page `to`."""
    flash(request, message, kind)
    return RedirectResponse(to, status_code=303)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page with the viewer, CSRF token and pending flash messages in its context."""
    ctx = dict(context)
    ctx.setdefault(
        "flashes", request.session.pop("flash", []) if "session" in request.scope else []
    )
    ctx["csrf_token"] = request.scope.get("session", {}).get("csrf", "")
    settings = request.app.state.context.settings
    ctx.setdefault("tz", settings.tz)
    ctx.setdefault("institution", settings.institution_name)
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response
