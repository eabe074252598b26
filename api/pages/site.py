"""Puts the pages on the app: session cookie, static files and every page router."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.pages import (
    activities,
    agreements,
    auth,
    convenios,
    dashboard,
    files,
    meetings,
    notifications,
)
from api.pages.admin import calendar as admin_calendar
from api.pages.admin import catalogues as admin_catalogues
from api.pages.rendering import STATIC_DIR
from workflow.settings import Settings

ROUTERS = (
    auth,
    dashboard,
    agreements,
    convenios,
    activities,
    meetings,
    notifications,
    files,
    admin_catalogues,
    admin_calendar,
)


def install(app: FastAPI, settings: Settings) -> None:
    """Session cookie, static files and the page routes."""
    auth.install_sessions(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
