"""Puts the pages on the app: session cookie, static files and every page router."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.pages import (
    activities,
    agreements,
    auth,
    capture,
    convenios,
    dashboard,
    files,
    meeting_forms,
    meetings,
    minutes,
    notifications,
)
from api.pages.rendering import STATIC_DIR
from workflow.settings import Settings

# The session forms come before `meetings`: `/sesiones/nueva` is not a session's id.
ROUTERS = (
    auth,
    dashboard,
    agreements,
    convenios,
    activities,
    meeting_forms,
    capture,
    minutes,
    meetings,
    notifications,
    files,
)


def install(app: FastAPI, settings: Settings) -> None:
    """Session cookie, static files and the page routes."""
    auth.install_sessions(app, settings)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
