"""Invitation links: how a person sets their password without anyone else knowing it.

An administrator creates a person without a password, or resets one, and gets a link
`/invitacion/<secret>`; the person opens it and chooses a password (the rules of
`people.check_password`). The link works once and for `LIFETIME`; a newer link for the same
person replaces the older one. Like API tokens, the secret has 256 random bits and only its
SHA-256 digest is stored, so a leaked table opens no account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.directory.catalogue import get_user
from workflow.directory.credentials import change_password, digest
from workflow.directory.people import check_password
from workflow.engine.actors import Actor, require_admin
from workflow.engine.errors import Invalid, NotFound
from workflow.models import Invitation, User

SECRET_PREFIX = "inv_"
LIFETIME = timedelta(days=7)
SECRET_MAX = 100
"""Longer strings are not secrets of ours; they are refused before any lookup."""


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    user: User
    secret: str
    """The plain secret, returned this once and never stored."""


def issue(*, session: Session, actor: Actor, user_id: int, now: datetime) -> Issued:
    """A new link for the person (an admin's act); earlier unused links stop working."""
    require_admin(actor)
    user = get_user(session=session, user_id=user_id)
    if not user.active:
        raise Invalid(
            "La persona está desactivada: vuelva a activarla antes de enviarle un enlace.",
            field="active",
        )
    _end_open(session=session, user_id=user.id, at=now)
    plain = SECRET_PREFIX + secrets.token_urlsafe(32)
    row = Invitation(
        digest=digest(plain),
        user_id=user.id,
        created_at=now,
        expires_at=now + LIFETIME,
        created_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    return Issued(invitation=row, user=user, secret=plain)


def find(*, session: Session, secret: str, now: datetime) -> Invitation | None:
    """The live invitation with this secret; None when unknown, used, replaced or expired, or
    when its person has been deactivated since."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > SECRET_MAX:
        return None
    row = session.scalar(
        select(Invitation).where(Invitation.digest == digest(secret), Invitation.ended_at.is_(None))
    )
    if row is None or row.expires_at <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return row


def accept(*, session: Session, secret: str, password: str, repeated: str, now: datetime) -> User:
    """The person sets their password with the link; the link is spent and every other
    session of theirs ends (as at any password change)."""
    row = find(session=session, secret=secret, now=now)
    if row is None:
        raise NotFound(GONE)
    check_password(password)
    if password != repeated:
        raise Invalid("Las dos contraseñas no coinciden.", field="repeated")
    user = session.get(User, row.user_id)
    assert user is not None
    # Spend it first with a guarded update: of two submissions at once, only one sets it.
    spent = session.execute(
        update(Invitation)
        .where(Invitation.id == row.id, Invitation.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    if not getattr(spent, "rowcount", 0):
        raise NotFound(GONE)
    change_password(session=session, user=user, password=password, at=now)
    return user


GONE = (
    "El enlace no es válido: ya se usó, caducó o fue reemplazado por otro. Pida a la "
    "administración un enlace nuevo."
)


def _end_open(*, session: Session, user_id: int, at: datetime) -> None:
    session.execute(
        update(Invitation)
        .where(Invitation.user_id == user_id, Invitation.ended_at.is_(None))
        .values(ended_at=at)
        .execution_options(synchronize_session=False)
    )


def pending(*, session: Session, user_ids: list[int], now: datetime) -> dict[int, datetime]:
    """When each person's live invitation expires, for the people list (none: no entry)."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(Invitation.user_id, Invitation.expires_at).where(
            Invitation.user_id.in_(user_ids),
            Invitation.ended_at.is_(None),
            Invitation.expires_at > now,
        )
    )
    return {user_id: expires for user_id, expires in rows}


def require_known(*, session: Session, secret: str, now: datetime) -> Invitation:
    """The live invitation or `NotFound` with the sentence a person reads."""
    row = find(session=session, secret=secret, now=now)
    if row is None:
        raise NotFound(GONE)
    return row
