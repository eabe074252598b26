"""Sign-in for scripts: e-mail and password exchanged for a personal API token."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from api.deps import ClockDep, SessionDep, SettingsDep
from api.errors import error_response
from api.routes.items import ERRORS
from api.schemas.common import ErrorBody
from api.schemas.directory import TokenRead
from workflow.directory import signin
from workflow.directory.credentials import PASSWORD_TOKEN_LABEL, issue_token

router = APIRouter(responses=ERRORS)


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
            429,
            signin.throttled_message(tried.retry_after),
            "too_many_attempts",
            instance=request.url.path,
        )
        refused.headers["Retry-After"] = str(tried.retry_after)
        return refused
    if tried.user is None:
        refused = error_response(
            401, "Correo o contraseña incorrectos.", "not_authenticated", instance=request.url.path
        )
        refused.headers["WWW-Authenticate"] = "Bearer"
        return refused
    return TokenRead(
        access_token=issue_token(session=session, user=tried.user, label=PASSWORD_TOKEN_LABEL)
    )
