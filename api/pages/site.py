"""Puts the pages on the app: session cookie, static files and every page router."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.pages import (
    activities,
    agenda_draft,
    agreements,
    auth,
    convenios,
    dashboard,
    exports,
    files,
    imports,
    meetings,
    notifications,
    progress_reports,
    reports,
)
from api.pages.admin import calendar as admin_calendar
from api.pages.admin import catalogues as admin_catalogues
from api.pages.admin import outbox
from api.pages.rendering import STATIC_DIR
from workflow.settings import Settings

# `exports` before the item pages: `/acuerdos/exportar` is not an acuerdo's id.
ROUTERS = (
    auth,
    dashboard,
    exports,
    imports,
    agreements,
    convenios,
    activities,
    meetings,
    reports,
    notifications,
    files,
    outbox,
    progress_reports,
    agenda_draft,
    admin_catalogues,
    admin_calendar,
)


def install(app: FastAPI, settings: Settings) -> None:
    """Session cookie, static files and the page routes."""
    auth.install_sessions(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
