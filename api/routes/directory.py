"""`/api/v1/organs`, `/areas`, `/users` and the caller's own tokens, `/me/tokens`."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from api.deps import ActorDep, ClockDep, SessionDep, SettingsDep
from api.gates import ADMINS, EDITORS
from api.routes.items import ERRORS
from api.schemas.common import RowId, Strict
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


@dataclass(frozen=True)
class UnitKind:
    """How organs or areas plug into the shared catalogue routes."""

    path: str
    one: str
    read: Any
    create_body: type[Strict]
    update_body: type[Strict]
    listing: Callable[..., Sequence[Any]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    edit_summary: str
    edit_description: str


def _routes(unit: UnitKind) -> None:
    @router.get(
        f"/{unit.path}",
        response_model=list[unit.read],  # type: ignore[name-defined]
        name=f"list_{unit.path}",
    )
    def list_units(session: SessionDep, actor: ActorDep) -> Any:
        return [unit.read.of(u) for u in unit.listing(session=session)]

    @router.post(
        f"/{unit.path}",
        status_code=201,
        response_model=unit.read,
        dependencies=[EDITORS],
        name=f"create_{unit.one}",
    )
    def create_unit(
        body: unit.create_body,  # type: ignore[name-defined]
        session: SessionDep,
        actor: ActorDep,
    ) -> Any:
        return unit.read.of(unit.create(session=session, actor=actor, **body.model_dump()))

    @router.patch(
        f"/{unit.path}/{{code}}",
        response_model=unit.read,
        summary=unit.edit_summary,
        description=unit.edit_description,
        name=f"edit_{unit.one}",
    )
    def edit_unit(
        code: UnitCode,
        body: unit.update_body,  # type: ignore[name-defined]
        session: SessionDep,
        actor: ActorDep,
        settings: SettingsDep,
    ) -> Any:
        row = unit.update(
            session=session,
            actor=actor,
            code=code,
            changes=body.model_dump(exclude_unset=True),
            allow_local_http=settings.teams_allow_local_http,
        )
        return unit.read.of(row)


ORGANS = UnitKind(
    "organs", "organ", OrganRead, OrganCreate, OrganUpdate, catalogue.list_organs,
    catalogue.create_organ, catalogue.update_organ, "Editar un órgano (admin)",
    "Name, Teams webhook (https; null removes it) and standing agenda items.",
)  # fmt: skip
AREAS = UnitKind(
    "areas", "area", AreaRead, AreaCreate, UnitUpdate, catalogue.list_areas,
    catalogue.create_area, catalogue.update_area, "Editar un área (admin)",
    "Name and Teams webhook (https; null removes it).",
)  # fmt: skip
for _unit in (ORGANS, AREAS):
    _routes(_unit)


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
