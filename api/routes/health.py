"""Whether the process runs and the database can serve: `/healthz` and `/readyz`."""

from typing import Any

from fastapi import APIRouter, Request

from api.errors import error_response
from api.routes.items import ERRORS
from api.schemas.common import ErrorBody
from workflow.runtime import readiness

router = APIRouter(responses=ERRORS)


@router.get("/healthz", tags=["sistema"])
async def healthz() -> dict[str, str]:
    """The process is running. Answered on the event loop itself, touching neither the database
    nor the worker threads, so it stays fast while every thread and connection is busy."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    tags=["sistema"],
    responses={503: {"model": ErrorBody, "description": "La base de datos no está lista"}},
)
def readyz(request: Request) -> Any:
    """The database answers and is at the newest schema; 503 with the reason otherwise."""
    problem = readiness.database_problem(request.app.state.context.engine)
    if problem is not None:
        return error_response(503, problem, "not_ready")
    return {"status": "ok"}
