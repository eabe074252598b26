"""Puts the pages on the app: session cookie, static files and every page router."""

from __future__ import annotations

from types import ModuleType

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.pages import (
    account,
    activities,
    agenda_draft,
    agreement_edit,
    agreements,
    auth,
    capture,
    convenio_form,
    convenios,
    dashboard,
    exports,
    files,
    imports,
    invitation,
    links,
    meeting_forms,
    meetings,
    minutes,
    notifications,
    progress_reports,
    reports,
)
from api.pages.admin import calendar as admin_calendar
from api.pages.admin import catalogues as admin_catalogues
from api.pages.admin import index as admin_index
from api.pages.admin import outbox as admin_outbox
from api.pages.admin import people as admin_people
from api.pages.rendering import STATIC_DIR
from workflow.runtime.settings import Settings

ROUTERS: tuple[ModuleType, ...] = (
    auth,
    dashboard,
    # `exports` before the item pages: `/acuerdos/exportar` is not an acuerdo's id.
    exports,
    imports,
    agreements,
    agreement_edit,
    # `convenio_form` before `convenios`: `/convenios/nuevo` is not a convenio's id.
    convenio_form,
    links,
    convenios,
    activities,
    # The session forms come before `meetings`: `/sesiones/nueva` is not a session's id.
    meeting_forms,
    capture,
    minutes,
    meetings,
    reports,
    progress_reports,
    agenda_draft,
    notifications,
    files,
    account,
    invitation,
    admin_index,
    admin_people,
    admin_catalogues,
    admin_calendar,
    admin_outbox,
)


def install(app: FastAPI, settings: Settings) -> None:
    """Session cookie, static files and the page routes."""
    auth.install_sessions(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
