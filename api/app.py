"""The FastAPI application: JSON API, HTML pages, error handlers. The composition root."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import contract, docs, errors, openapi_document, security_headers
from api import scheduler as scheduler_
from api.body_limit import BodyLimit
from api.context import AppContext
from api.pages import site as pages
from api.request_log import RequestLog
from api.routes import (
    activities,
    agreements,
    auth,
    calendar,
    calendar_feed,
    checks,
    convenios,
    directory,
    files,
    health,
    issued_reports,
    lifecycles,
    meetings,
    notifications,
    reports,
    spreadsheets,
)
from api.version import installed_version
from workflow.runtime.settings import Settings, get_settings


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

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        background = scheduler_.Background(ctx) if with_scheduler else None
        if background is not None:
            background.start()
        try:
            yield
        finally:
            if background is not None:
                background.stop()

    app = FastAPI(
        title="seguimiento",
        summary="Seguimiento de acuerdos, convenios y actividades de órganos colegiados",
        version=installed_version(),
        lifespan=lifespan,
        docs_url=None,  # served by api.docs from the app itself, under the site's CSP
        redoc_url=None,
        openapi_tags=contract.TAGS,
        generate_unique_id_function=contract.operation_id,
    )
    app.state.context = ctx
    errors.install(app)
    app.add_middleware(BodyLimit, settings=ctx.settings)
    for module in (
        health,
        auth,
        lifecycles,
        files,
        directory,
        meetings,
        spreadsheets,  # before the item routers: /agreements/export is not an {item_id}
        agreements,
        convenios,
        activities,
        reports,
        issued_reports,
        calendar_feed,
        calendar,
        notifications,
        checks,
    ):
        app.include_router(module.router)
    pages.install(app, ctx.settings)
    docs.install(app)
    openapi_document.install(app)
    security_headers.install(app, https=ctx.settings.base_url.startswith("https://"))
    app.add_middleware(RequestLog)  # outermost: times and logs every answer, errors included
    return app
