"""`/api/v1/organs`, `/areas`, `/users` and the caller's own tokens, `/me/tokens`."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from api.deps import ActorDep, ClockDep, SessionDep, SettingsDep
from api.gates import ADMINS, EDITORS
from api.routes.items import ERRORS
from api.schemas.common import RowId
from api.schemas.directory import (
    AreaCreate,
    AreaRead,
    InvitationCreated,
    OrganCreate,
    OrganRead,
    OrganUpdate,
    PersonalTokenCreate,
    PersonalTokenCreated,
    PersonalTokenList,
    PersonalTokenRead,
    UnitUpdate,
    UserCreate,
    UserCreated,
    UserRead,
    UserUpdate,
)
from notifications import invitation_mail
from workflow.directory import catalogue, people, tokens
from workflow.engine.actors import require_admin

router = APIRouter(prefix="/api/v1", tags=["catálogos"], responses=ERRORS)

UnitCode = Annotated[str, Path(min_length=1, max_length=32, description="Clave")]


@router.get("/organs", response_model=list[OrganRead])
def list_organs(session: SessionDep, actor: ActorDep) -> Any:
    return [OrganRead.of(o) for o in catalogue.list_organs(session=session)]


@router.post("/organs", status_code=201, response_model=OrganRead, dependencies=[EDITORS])
def create_organ(body: OrganCreate, session: SessionDep, actor: ActorDep) -> Any:
    return OrganRead.of(catalogue.create_organ(session=session, actor=actor, **body.model_dump()))


@router.patch("/organs/{code}", response_model=OrganRead, summary="Editar un órgano (admin)")
def edit_organ(
    code: UnitCode, body: OrganUpdate, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> Any:
    """Name, Teams webhook (https; null removes it) and standing agenda items."""
    organ = catalogue.update_organ(
        session=session,
        actor=actor,
        code=code,
        changes=body.model_dump(exclude_unset=True),
        allow_local_http=settings.teams_allow_local_http,
    )
    return OrganRead.of(organ)


@router.get("/areas", response_model=list[AreaRead])
def list_areas(session: SessionDep, actor: ActorDep) -> Any:
    return [AreaRead.of(a) for a in catalogue.list_areas(session=session)]


@router.post("/areas", status_code=201, response_model=AreaRead, dependencies=[EDITORS])
def create_area(body: AreaCreate, session: SessionDep, actor: ActorDep) -> Any:
    return AreaRead.of(catalogue.create_area(session=session, actor=actor, **body.model_dump()))


@router.patch("/areas/{code}", response_model=AreaRead, summary="Editar un área (admin)")
def edit_area(
    code: UnitCode, body: UnitUpdate, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> Any:
    """Name and Teams webhook (https; null removes it)."""
    area = catalogue.update_area(
        session=session,
        actor=actor,
        code=code,
        changes=body.model_dump(exclude_unset=True),
        allow_local_http=settings.teams_allow_local_http,
    )
    return AreaRead.of(area)


@router.get("/users", response_model=list[UserRead])
def list_users(session: SessionDep, actor: ActorDep) -> Any:
    require_admin(actor)
    return [UserRead.of(u) for u in catalogue.list_users(session=session)]


@router.post("/users", status_code=201, response_model=UserCreated, dependencies=[ADMINS])
def create_user(body: UserCreate, session: SessionDep, actor: ActorDep) -> Any:
    user, token = catalogue.create_user(session=session, actor=actor, **body.model_dump())
    return UserCreated(**UserRead.of(user).model_dump(), token=token)


@router.patch("/users/{user_id}", response_model=UserRead, summary="Editar una persona (admin)")
def edit_user(
    user_id: RowId, body: UserUpdate, session: SessionDep, actor: ActorDep, clock: ClockDep
) -> Any:
    """Name, e-mail, role, area and `active`; deactivating revokes the person's tokens."""
    user = people.update_user(
        session=session,
        actor=actor,
        user_id=user_id,
        changes=body.model_dump(exclude_unset=True),
        now=clock.now(),
    )
    return UserRead.of(user)


@router.post(
    "/users/{user_id}/invitation",
    status_code=201,
    response_model=InvitationCreated,
    summary="Enlace para elegir contraseña (admin)",
)
def invite_user(
    user_id: RowId, session: SessionDep, actor: ActorDep, clock: ClockDep, settings: SettingsDep
) -> Any:
    """A one-time link (7 days) with which the person sets their password, for a new account or
    a reset; it is e-mailed through the outbox and shown this once. Earlier links stop working."""
    issued = invitation_mail.invite(
        session=session,
        actor=actor,
        settings=settings,
        user_id=user_id,
        now=clock.now(),
    )
    return InvitationCreated(
        url=invitation_mail.link(settings, issued.secret), expires_at=issued.invitation.expires_at
    )


@router.get("/me/tokens", response_model=PersonalTokenList, tags=["mi cuenta"])
def list_my_tokens(
    session: SessionDep,
    actor: ActorDep,
    clock: ClockDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Any:
    """The caller's personal API tokens, newest first (never their secret)."""
    rows, total = tokens.list_own(session=session, actor=actor, limit=limit, offset=offset)
    now = clock.now()
    return PersonalTokenList(
        items=[PersonalTokenRead.of(r, now) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/me/tokens", status_code=201, response_model=PersonalTokenCreated, tags=["mi cuenta"])
def create_my_token(
    body: PersonalTokenCreate, session: SessionDep, actor: ActorDep, clock: ClockDep
) -> Any:
    """A new personal token for the caller, shown this once; optional expiry (≤ 2 years)."""
    row, plain = tokens.create_own(
        session=session, actor=actor, clock=clock, label=body.label, expires_at=body.expires_at
    )
    return PersonalTokenCreated(**PersonalTokenRead.of(row, clock.now()).model_dump(), token=plain)


@router.delete("/me/tokens/{token_id}", status_code=204, tags=["mi cuenta"])
def revoke_my_token(
    token_id: RowId, session: SessionDep, actor: ActorDep, clock: ClockDep
) -> Response:
    """Revoke one of the caller's tokens; from then on it answers 401."""
    tokens.revoke_own(session=session, actor=actor, token_id=token_id, now=clock.now())
    return Response(status_code=204)
