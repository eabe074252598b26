"""The FastAPI application: JSON API, (later) pages, error handlers. The composition root."""

from __future__ import annotations

from fastapi import FastAPI

from api import errors
from api.context import AppContext
from api.routes import (
    activities,
    agreements,
    calendar_feed,
    convenios,
    directory,
    meetings,
    reports,
    system,
)
from workflow.settings import Settings, get_settings


def create_app(
    settings: Settings | None = None,
    *,
    context: AppContext | None = None,
    with_scheduler: bool = False,
) -> FastAPI:
    """Build the app; `with_scheduler` embeds the scheduled checks (single-process deployments).

    Tests pass a `context` whose sessions are bound to their own rolled-back transaction.
    """
    ctx = context or AppContext.from_settings(settings or get_settings())
    app = FastAPI(
        title="seguimiento",
        summary="Seguimiento de acuerdos, convenios y actividades de órganos colegiados",
        version="0.1.0",
    )
    app.state.context = ctx
    errors.install(app)
    for module in (
        system,
        directory,
        meetings,
        agreements,
        convenios,
        activities,
        reports,
        calendar_feed,
    ):
        app.include_router(module.router)
    return app
