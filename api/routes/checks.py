"""`POST /api/v1/checks/run`: run the scheduled checks now (admin)."""

from typing import Any

from fastapi import APIRouter

from api import jobs
from api.deps import ActorDep, SessionDep, SettingsDep
from api.gates import ADMINS
from api.routes.items import ERRORS
from api.schemas.notifications import CheckRunRequest, CheckRunResult
from workflow.engine.actors import require_admin

router = APIRouter(prefix="/api/v1/checks", tags=["revisiones"], responses=ERRORS)


@router.post(
    "/run",
    response_model=CheckRunResult,
    summary="Ejecutar las revisiones ahora",
    dependencies=[ADMINS],
)
def run_checks(
    session: SessionDep, actor: ActorDep, settings: SettingsDep, body: CheckRunRequest | None = None
) -> Any:
    """Run every check as of `date` (today by default); answers what was found and queued.

    Messages are queued, not sent: the dispatcher delivers them on its next round.
    """
    require_admin(actor)
    day = body.date if body is not None else None
    return jobs.run_checks(session=session, settings=settings, day=day).as_dict()
