"""Whether the process runs and the database can serve (`/healthz`, `/readyz`), and its
figures for Prometheus (`/metrics`)."""

from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.errors import error_response
from api.routes.items import ERRORS
from api.schemas.common import ErrorBody
from api.version import installed_version
from notifications import outbox
from workflow.runtime import readiness
from workflow.runtime.metrics import OUTBOX

router = APIRouter(responses=ERRORS)


@router.get("/healthz", tags=["sistema"])
async def healthz() -> dict[str, str]:
    """The process is running. Answered on the event loop itself, touching neither the database
    nor the worker threads, so it stays fast while every thread and connection is busy."""
    return {"status": "ok", "version": installed_version()}


@router.get(
    "/readyz",
    tags=["sistema"],
    responses={503: {"model": ErrorBody, "description": "La base de datos no está lista"}},
)
def readyz(request: Request) -> Any:
    """The database answers and is at the newest schema; 503 with the reason otherwise."""
    problem = readiness.database_problem(request.app.state.context.engine)
    if problem is not None:
        return error_response(503, problem, "not_ready", instance=request.url.path)
    return {"status": "ok"}


@router.get(
    "/metrics",
    tags=["sistema"],
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Formato Prometheus"}},
)
def metrics(request: Request) -> Response:
    """Requests by route and status, events fired, check durations, scheduler leadership and
    the outbox depth by status and channel, in Prometheus' text format. Counters are this
    process's; the outbox depth is the shared queue's. Publish it only to the monitoring
    network (the reverse proxy should not route it from outside)."""
    ctx = request.app.state.context
    with ctx.sessions() as session:
        depth = outbox.depth(session=session)
    OUTBOX.clear()
    for (status, channel), count in depth.items():
        OUTBOX.labels(status, channel).set(count)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
