"""A person's own personal API tokens (SPEC §4 `/me/tokens`): list, create with an expiry, revoke.

The plain token is shown once, at creation; only its digest is kept (see
`workflow.directory.credentials`). A date as expiry means "valid through that day" in the
institution's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.directory.credentials import digest, issue_token
from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid, NotFound, NotPermitted
from workflow.models import ApiToken, User
from workflow.runtime.clock import Clock

MAX_LIFETIME = timedelta(days=731)
"""Two years: a token that outlives its purpose is revoked by its expiry, not forgotten."""
LABEL_MAX = 100


def expiry(*, when: date | datetime | None, clock: Clock) -> datetime | None:
    """The UTC instant a token stops working; `Invalid` when it is past or beyond two years."""
    if when is None:
        return None
    now = clock.now()
    local_day = when.date() if isinstance(when, datetime) else when
    # Compare calendar days first: far-off years would overflow the time-zone arithmetic.
    if local_day < clock.today() - timedelta(days=1):
        raise _past()
    if local_day > clock.today() + MAX_LIFETIME + timedelta(days=1):
        raise _too_far()
    if isinstance(when, datetime):
        moment = when if when.tzinfo is not None else when.replace(tzinfo=clock.tz)
    else:
        moment = datetime.combine(when + timedelta(days=1), time(0), tzinfo=clock.tz)
    moment = moment.astimezone(UTC)
    if moment <= now:
        raise _past()
    if moment > now + MAX_LIFETIME:
        raise _too_far()
    return moment


def _past() -> Invalid:
    return Invalid("La caducidad ya pasó: indique una fecha u hora futura.", field="expires_at")


def _too_far() -> Invalid:
    return Invalid(
        "Un token puede durar como máximo dos años: indique una caducidad más cercana.",
        field="expires_at",
    )


def _owner(actor: Actor) -> int:
    if actor.user_id is None:
        raise NotPermitted("Solo una persona usuaria tiene tokens personales.")
    return actor.user_id


def list_own(
    *, session: Session, actor: Actor, limit: int, offset: int
) -> tuple[Sequence[ApiToken], int]:
    """The caller's tokens, newest first, revoked and expired ones included (marked)."""
    owner = _owner(actor)
    total = session.scalar(select(func.count()).where(ApiToken.user_id == owner)) or 0
    rows = session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == owner)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total


def create_own(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    label: str,
    expires_at: date | datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for the caller; the plain value is returned this once."""
    owner = _owner(actor)
    label = label.strip()
    if not label or len(label) > LABEL_MAX:
        raise Invalid(f"La etiqueta debe tener de 1 a {LABEL_MAX} caracteres.", field="label")
    until = expiry(when=expires_at, clock=clock)
    user = session.get(User, owner)
    if user is None:
        raise NotFound("La persona usuaria ya no existe.")
    plain = issue_token(session=session, user=user, label=label, expires_at=until)
    row = session.scalar(select(ApiToken).where(ApiToken.digest == digest(plain)))
    assert row is not None
    return row, plain


def revoke_own(*, session: Session, actor: Actor, token_id: int, now: datetime) -> ApiToken:
    """Revoke one of the caller's tokens (again is harmless); another's is not found."""
    owner = _owner(actor)
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != owner:
        raise NotFound(f"No tiene un token con el identificador {token_id}.")
    if row.revoked_at is None:
        row.revoked_at = now
        session.flush()
    return row
