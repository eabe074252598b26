"""Health, sign-in for tokens, lifecycle definitions and evidence files."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.deps import ActorDep, ClockDep, SessionDep, SettingsDep
from api.errors import error_response
from api.routes.items import ERRORS
from api.schemas.common import ErrorBody, RowId
from api.schemas.directory import TokenRead
from states import LIFECYCLES, Lifecycle
from workflow import evidence, readiness, signin
from workflow.auth import PASSWORD_TOKEN_LABEL, issue_token
from workflow.errors import NotFound
from workflow.settings import Settings

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


@router.post(
    "/api/v1/auth/token",
    response_model=TokenRead,
    tags=["sistema"],
    responses={429: {"model": ErrorBody, "description": "Demasiados intentos fallidos"}},
)
def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> Any:
    """Exchange e-mail (`username`) and password for a new personal API token.

    Throttled like the login page (429 with `Retry-After`); every attempt is audited."""
    tried = signin.attempt(
        session=session,
        email=form.username,
        password=form.password,
        client=request.client.host if request.client else None,
        channel="api",
        at=clock.now(),
        limits=signin.Limits.of(settings),
    )
    # Refusals are answered, not raised, so the attempt's audit row is committed.
    if tried.retry_after is not None:
        refused = error_response(
            429, signin.throttled_message(tried.retry_after), "too_many_attempts"
        )
        refused.headers["Retry-After"] = str(tried.retry_after)
        return refused
    if tried.user is None:
        refused = error_response(401, "Correo o contraseña incorrectos.", "not_authenticated")
        refused.headers["WWW-Authenticate"] = "Bearer"
        return refused
    return TokenRead(
        access_token=issue_token(session=session, user=tried.user, label=PASSWORD_TOKEN_LABEL)
    )


class StateRead(BaseModel):
    id: str
    label: str
    final: bool


class EventRead(BaseModel):
    name: str
    label: str
    sources: list[str]
    dest: str
    roles: list[str]
    requires: list[str]


class WorkflowRead(BaseModel):
    name: str
    label: str
    initial: str
    states: list[StateRead]
    events: list[EventRead]
    mermaid: str

    @classmethod
    def of(cls, lc: Lifecycle) -> "WorkflowRead":
        return cls(
            name=lc.name,
            label=lc.label,
            initial=lc.initial,
            states=[
                StateRead(id=s, label=label, final=lc.is_final(s)) for s, label in lc.states.items()
            ],
            events=[
                EventRead(
                    name=e.name,
                    label=e.label,
                    sources=list(e.sources),
                    dest=e.dest,
                    roles=[r.value for r in e.roles],
                    requires=list(e.requires),
                )
                for e in lc.events
            ],
            mermaid=lc.mermaid(),
        )


@router.get("/api/v1/workflows", response_model=list[WorkflowRead], tags=["ciclos de vida"])
def workflows(actor: ActorDep) -> Any:
    return [WorkflowRead.of(lc) for lc in LIFECYCLES.values()]


@router.get("/api/v1/workflows/{name}", response_model=WorkflowRead, tags=["ciclos de vida"])
def workflow(name: str, actor: ActorDep) -> Any:
    if name not in LIFECYCLES:
        raise NotFound(f"No existe el ciclo de vida «{name}»; hay: {', '.join(LIFECYCLES)}.")
    return WorkflowRead.of(LIFECYCLES[name])


@router.get("/api/v1/files/{file_id}", tags=["evidencias"], response_class=FileResponse)
def get_file(file_id: RowId, session: SessionDep, actor: ActorDep, settings: SettingsDep) -> Any:
    """An evidence file; every signed-in role may read every item (SPEC §3)."""
    return evidence_download(session=session, settings=settings, file_id=file_id)


def evidence_download(*, session: Session, settings: Settings, file_id: int) -> FileResponse:
    """The stored file as a download (never rendered inline), for the API and the pages."""
    row = evidence.get(session=session, file_id=file_id)
    path = Path(settings.files_dir) / row.stored_name
    if not path.is_file():
        raise NotFound(f"El archivo {row.filename} ya no está en el almacenamiento.")
    return FileResponse(
        path,
        media_type=row.content_type,
        filename=row.filename,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff"},
    )
