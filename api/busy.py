"""503 answers for a server at capacity: SQLite's write lock still taken when the busy timeout
ends, no free connection in the pool, too many PDFs waiting for their turn.

None of these is the caller's fault and none changed anything (the request's transaction was
rolled back), so the answer says so in Spanish and tells the client when to try again.
"""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from api.pages.errors import error_page, is_page_request
from api.problems import ProblemResponse, problem

RETRY_AFTER_SECONDS = 5

log = logging.getLogger("seguimiento.api")

SQLITE_BUSY = ("database is locked", "database table is locked")
"""SQLite: another writer held the lock past the busy timeout."""
BUSY_SQLSTATES = frozenset({"55P03", "57014", "40P01", "40001", "53300"})
"""PostgreSQL: lock_not_available (lock_timeout), query_canceled (statement_timeout),
deadlock_detected, serialization_failure, too_many_connections: the same request may well
succeed in a moment."""


def is_busy(exc: DBAPIError) -> bool:
    """A moment of contention, not a bug: the request may be sent again as it was."""
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        return any(sign in str(orig).lower() for sign in SQLITE_BUSY)
    if getattr(orig, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    # psycopg reports a refused connection (max_connections) before any sqlstate exists
    return "too many clients" in str(orig) or "remaining connection slots" in str(orig)


class Overloaded(Exception):
    """Too much slow work already under way; `detail` is the sentence for the person."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def busy_response(request: Request, detail: str) -> Response:
    response = (
        error_page(request, 503, detail)
        if is_page_request(request)
        else ProblemResponse(
            problem(503, detail, "busy", instance=request.url.path), status_code=503
        )
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def install(app: FastAPI) -> None:
    """Register the 503 handlers (called by `api.errors.install`)."""

    @app.exception_handler(DBAPIError)
    async def database_busy(request: Request, exc: DBAPIError) -> Response:
        if not is_busy(exc):
            raise exc  # any other database failure is a bug: the 500 handler logs it
        log.warning("Base de datos ocupada: %s %s: %s", request.method, request.url.path, exc)
        return busy_response(
            request,
            "La base de datos está ocupada con otras escrituras (por ejemplo, una importación "
            "grande); no se guardó nada. "
            f"Intente de nuevo en {RETRY_AFTER_SECONDS} segundos.",
        )

    @app.exception_handler(PoolTimeout)
    async def no_connection(request: Request, exc: PoolTimeout) -> Response:
        return busy_response(
            request,
            "El servidor atiende demasiadas solicitudes a la vez; no se guardó nada. "
            f"Intente de nuevo en {RETRY_AFTER_SECONDS} segundos.",
        )

    @app.exception_handler(Overloaded)
    async def overloaded(request: Request, exc: Overloaded) -> Response:
        return busy_response(request, exc.detail)
