"""`/api/v1/organs`, `/areas`, `/users`."""

from typing import Any

from fastapi import APIRouter

from api.deps import ActorDep, SessionDep
from api.gates import ADMINS, EDITORS
from api.routes.items import ERRORS
from api.schemas.directory import (
    AreaCreate,
    AreaRead,
    OrganCreate,
    OrganRead,
    UserCreate,
    UserCreated,
    UserRead,
)
from workflow import directory
from workflow.actors import require_admin

router = APIRouter(prefix="/api/v1", tags=["catálogos"], responses=ERRORS)


@router.get("/organs", response_model=list[OrganRead])
def list_organs(session: SessionDep, actor: ActorDep) -> Any:
    return [OrganRead.of(o) for o in directory.list_organs(session=session)]


@router.post("/organs", status_code=201, response_model=OrganRead, dependencies=[EDITORS])
def create_organ(body: OrganCreate, session: SessionDep, actor: ActorDep) -> Any:
    return OrganRead.of(directory.create_organ(session=session, actor=actor, **body.model_dump()))


@router.get("/areas", response_model=list[AreaRead])
def list_areas(session: SessionDep, actor: ActorDep) -> Any:
    return [AreaRead.of(a) for a in directory.list_areas(session=session)]


@router.post("/areas", status_code=201, response_model=AreaRead, dependencies=[EDITORS])
def create_area(body: AreaCreate, session: SessionDep, actor: ActorDep) -> Any:
    return AreaRead.of(directory.create_area(session=session, actor=actor, **body.model_dump()))


@router.get("/users", response_model=list[UserRead])
def list_users(session: SessionDep, actor: ActorDep) -> Any:
    require_admin(actor)
    return [UserRead.of(u) for u in directory.list_users(session=session)]


@router.post("/users", status_code=201, response_model=UserCreated, dependencies=[ADMINS])
def create_user(body: UserCreate, session: SessionDep, actor: ActorDep) -> Any:
    user, token = directory.create_user(session=session, actor=actor, **body.model_dump())
    return UserCreated(**UserRead.of(user).model_dump(), token=token)
