"""`/mi-cuenta`: the signed-in person's own settings — password, notification channels, the
private calendar feed address and personal API tokens.

Thin: the same services as `/api/v1/notifications/preferences`, `/api/v1/me/calendar-feed` and
`/api/v1/me/tokens`. A secret (the feed address, a token) is shown once, in the answer to the
form that made it; it is not stored, so it is never shown again.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep, SettingsDep
from api.errors import invalid_field
from api.pages.auth import client_address, start_session
from api.pages.csrf import CheckedForm
from api.pages.refused import Refused, refuse, render_form
from api.pages.rendering import done
from api.pages.viewer import (
    PageActor,
    PageUser,
    SignedInViewer,
    Viewer,
    signed_in_actor,
    signed_in_user,
)
from api.routes.calendar_feed import feed_url
from api.schemas.common import RowId
from api.schemas.directory import PersonalTokenCreate
from notifications import preferences
from workflow.directory import people, signin, tokens
from workflow.engine.errors import DomainError
from workflow.reports import calendar_feed
from workflow.runtime.clock import Clock

router = APIRouter(include_in_schema=False)

TOKENS_SHOWN = 50


def account_page(
    request: Request,
    session: Session,
    viewer: Viewer,
    clock: Clock,
    *,
    shown: dict[str, Any] | None = None,
    refused: Refused | None = None,
) -> Response:
    """The page; `shown` carries a secret made just now, `refused` a refused form."""
    actor, user = signed_in_actor(viewer), signed_in_user(viewer)
    rows, total = tokens.list_own(session=session, actor=actor, limit=TOKENS_SHOWN, offset=0)
    now = clock.now()
    return render_form(
        request,
        "pages/account.html",
        {
            "viewer": viewer,
            "channels": preferences.PERSONAL,
            "chosen": preferences.get(session=session, user_id=user.id),
            "kinds": preferences.KINDS,
            "chosen_kinds": preferences.get_kinds(session=session, user_id=user.id),
            "feed": calendar_feed.active(session=session, user=user),
            "tokens": [(r, _token_state(r, now)) for r in rows],
            "tokens_total": total,
            "shown": shown or {},
        },
        refused,
    )


def _token_state(row: Any, now: Any) -> str:
    if row.revoked_at is not None:
        return "Revocado"
    if row.expires_at is not None and row.expires_at <= now:
        return "Caducado"
    return "Vigente"


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


@router.get("/mi-cuenta")
def my_account(
    request: Request, session: SessionDep, viewer: SignedInViewer, clock: ClockDep
) -> Response:
    return account_page(request, session, viewer, clock)


@router.post("/mi-cuenta/contrasena")
def change_password(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
    settings: SettingsDep,
) -> Response:
    """Current password, then the new one twice; every other session ends, this one goes on.

    The current password is checked as at sign-in (`workflow.directory.signin`): throttled, and each
    failure written to the audit log and counted against the account, so an open session
    cannot be used to guess it."""
    now = clock.now()
    tried = signin.attempt(
        session=session,
        email=signed_in_user(viewer).email,
        password=_text(form, "current"),
        client=client_address(request),
        channel="account",
        at=now,
        limits=signin.Limits.of(settings),
    )
    if tried.user is None:  # answered, not raised: the audit row must be committed
        refusal = (
            Refused(
                error=signin.throttled_message(tried.retry_after),
                form="password",
                status_code=429,
            )
            if tried.retry_after is not None
            else Refused(
                error="La contraseña actual no es correcta.", form="password", field="current"
            )
        )
        return account_page(request, session, viewer, clock, refused=refusal)
    try:
        user = people.change_own_password(
            session=session,
            actor=actor,
            current=_text(form, "current"),
            new=_text(form, "password"),
            repeated=_text(form, "repeated"),
            now=now,
        )
    except DomainError as exc:
        refusal = refuse(session, exc, form="password")
        return account_page(request, session, viewer, clock, refused=refusal)
    start_session(request, session, user, now)
    return done(
        request, "/mi-cuenta", "Se cambió su contraseña; se cerraron sus sesiones en otros equipos."
    )


@router.post("/mi-cuenta/avisos")
def set_channels(
    request: Request, form: CheckedForm, session: SessionDep, actor: PageActor, user: PageUser
) -> Response:
    """A checkbox per channel and per kind on each channel: ticked is on, absent is off (forms
    send only ticked boxes)."""
    changes: dict[str, bool] = {
        channel: form.get(channel) == "1" for channel in preferences.PERSONAL
    }
    preferences.update(session=session, actor=actor, user_id=user.id, changes=changes)
    kinds = {
        channel: {kind: form.get(f"{channel}:{kind}") == "1" for kind in offered}
        for channel, offered in preferences.OFFERED.items()
    }
    preferences.update_kinds(session=session, actor=actor, user_id=user.id, changes=kinds)
    return done(request, "/mi-cuenta#avisos", "Se guardaron sus preferencias de notificación.")


@router.post("/mi-cuenta/calendario")
def make_feed(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    clock: ClockDep,
    settings: SettingsDep,
) -> Response:
    """Create the feed, or replace it (the previous address stops working at once)."""
    user = signed_in_user(viewer)
    secret = calendar_feed.rotate(session=session, user=user, clock=clock)
    shown = {"feed_url": feed_url(settings, secret)}
    return account_page(request, session, viewer, clock, shown=shown)


@router.post("/mi-cuenta/calendario/revocar")
def revoke_feed(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    clock: ClockDep,
) -> Response:
    calendar_feed.revoke(session=session, user=signed_in_user(viewer), at=clock.now())
    return done(
        request,
        "/mi-cuenta#calendario",
        "Se revocó su calendario: la dirección anterior ya no funciona.",
    )


@router.post("/mi-cuenta/tokens")
def create_token(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    """A token with a label and an optional expiry day; its secret is shown this once."""
    typed = {"label": _text(form, "label").strip(), "expires_at": _text(form, "expires_at")}
    try:
        try:
            body = PersonalTokenCreate.model_validate(
                {"label": typed["label"], "expires_at": typed["expires_at"] or None}
            )
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            raise invalid_field(exc, "Caducidad" if field == "expires_at" else "Nombre") from None
        row, plain = tokens.create_own(
            session=session,
            actor=actor,
            clock=clock,
            label=body.label,
            expires_at=body.expires_at,
        )
    except DomainError as exc:
        refusal = refuse(session, exc, typed, form="tokens")
        return account_page(request, session, viewer, clock, refused=refusal)
    shown = {"token": plain, "token_label": row.label}
    return account_page(request, session, viewer, clock, shown=shown)


@router.post("/mi-cuenta/tokens/{token_id}/revocar")
def revoke_token(
    request: Request,
    token_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    row = tokens.revoke_own(session=session, actor=actor, token_id=token_id, now=clock.now())
    return done(
        request, "/mi-cuenta#tokens", f"Se revocó el token «{row.label}»; ya no abre la API."
    )
