"""The secret of a person's private calendar feed: created, rotated and revoked by its owner.

Calendar clients (Outlook, Google Calendar) cannot send a token header, so the secret travels in
the URL. Like API tokens it has 256 random bits and only its SHA-256 digest is stored: a leaked
table reveals no feed, and rotating or revoking cuts off every copy of the old URL at once.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow.directory.credentials import digest
from workflow.engine.errors import Conflict
from workflow.models import CalendarFeed, User
from workflow.runtime.clock import Clock

SECRET_PREFIX = "cal_"


def rotate(*, session: Session, user: User, clock: Clock) -> str:
    """A new secret for `user`'s feed, revoking any earlier one; returned once, never stored.

    The person's row is locked first, so two rotations at once run one after the other: the
    second revokes what the first created, and exactly one secret stays live (a unique index
    over the live rows guards it too).
    """
    session.execute(select(User.id).where(User.id == user.id).with_for_update())
    revoke(session=session, user=user, at=clock.now())
    plain = SECRET_PREFIX + secrets.token_urlsafe(32)
    try:
        with session.begin_nested():
            session.add(CalendarFeed(user_id=user.id, digest=digest(plain), created_at=clock.now()))
    except IntegrityError:
        raise Conflict(
            "Otra solicitud cambió su calendario al mismo tiempo; vuelva a intentarlo."
        ) from None
    return plain


def revoke(*, session: Session, user: User, at: datetime) -> int:
    """Revoke `user`'s feed (by them, at a rotation, or when they are deactivated); returns how
    many live secrets there were (0 or 1)."""
    result = session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=at)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def active(*, session: Session, user: User) -> CalendarFeed | None:
    return session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
        )
    )


def owner(*, session: Session, secret: str) -> User | None:
    """The person whose live feed has this secret; None for unknown, revoked or inactive."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    feed = session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.digest == digest(secret), CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None or not feed.user.active:
        return None
    return feed.user
