"""503 answers for a server at capacity: SQLite's write lock still taken when the busy timeout
ends, no free connection in the pool, too many PDFs waiting for their turn.

None of these is the caller's fault and none changed anything (the request's transaction was
rolled back), so the answer says so in Spanish and tells the client when to try again.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from api.pages.errors import error_page, is_page_request

RETRY_AFTER_SECONDS = 5

BUSY_DATABASE = (
    "database is locked",  # SQLite: another writer held the lock past the busy timeout
    "database table is locked",
    "too many clients",  # PostgreSQL: max_connections reached
    "remaining connection slots are reserved",
)


class Overloaded(Exception):
    """Too much slow work already under way; `detail` is the sentence for the person."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def busy_response(request: Request, detail: str) -> Response:
    response = (
        error_page(request, 503, detail)
        if is_page_request(request)
        else JSONResponse({"detail": detail, "code": "busy"}, status_code=503)
    )
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def install(app: FastAPI) -> None:
    """Register the 503 handlers (called by `api.errors.install`)."""

    @app.exception_handler(OperationalError)
    async def database_busy(request: Request, exc: OperationalError) -> Response:
        if not any(sign in str(exc.orig) for sign in BUSY_DATABASE):
            raise exc  # any other database failure is a bug: the 500 handler logs it
        return busy_response(
            request,
            "La base de datos está ocupada con otras escrituras; no se guardó nada. "
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
