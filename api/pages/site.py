"""Puts the pages on the app: session cookie, static files and every page router."""

from __future__ import annotations

from types import ModuleType

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.pages import (
    account,
    activities,
    agreements,
    auth,
    convenios,
    dashboard,
    files,
    invitation,
    meetings,
    notifications,
)
from api.pages.admin import index as admin_index
from api.pages.admin import people as admin_people
from api.pages.rendering import STATIC_DIR
from workflow.settings import Settings

ROUTERS: tuple[ModuleType, ...] = (
    *(auth, dashboard, agreements, convenios, activities, meetings, notifications, files),
    *(account, invitation, admin_index, admin_people),
)


def install(app: FastAPI, settings: Settings) -> None:
    """Session cookie, static files and the page routes."""
    auth.install_sessions(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
