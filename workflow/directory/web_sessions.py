"""Page sessions kept on the server, so they can end: at logout, when the password changes, when
the person is deactivated, after an idle time and after an absolute time.

The browser's signed cookie carries only a random id (256 bits); the table keeps its SHA-256
digest. A cookie that names a user, or an id the table does not hold open, opens nothing, even
when it is signed with the right key.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workflow.models import User, WebSession, utcnow
from workflow.runtime.settings import Settings

TOUCH_EVERY = timedelta(minutes=1)
"""`last_seen_at` is written at most this often, not on every request."""


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta

    @classmethod
    def of(cls, settings: Settings) -> Timeouts:
        return cls(
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_max_hours),
        )


def digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start(
    *,
    session: Session,
    user: User,
    at: datetime,
    client: str | None = None,
    user_agent: str | None = None,
) -> str:
    """Open a session for `user`; the plain id goes into the cookie and is never stored."""
    plain = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            digest=digest(plain),
            user_id=user.id,
            created_at=at,
            last_seen_at=at,
            client=(client or "")[:64] or None,
            user_agent=(user_agent or "").replace("\x00", "")[:300] or None,
        )
    )
    session.flush()
    return plain


def find(
    *, session: Session, session_id: str, at: datetime, timeouts: Timeouts
) -> WebSession | None:
    """The open session with this id, or None when it never existed, ended or timed out."""
    if not session_id or len(session_id) > 100:
        return None
    row = session.scalar(
        select(WebSession).where(
            WebSession.digest == digest(session_id), WebSession.ended_at.is_(None)
        )
    )
    if row is None:
        return None
    if at - row.last_seen_at > timeouts.idle or at - row.created_at > timeouts.absolute:
        return None
    return row


def needs_touch(row: WebSession, at: datetime) -> bool:
    return at - row.last_seen_at >= TOUCH_EVERY


def touch(*, session: Session, row_id: int, at: datetime) -> None:
    """Record activity (the idle timeout counts from here); a no-op when another request of the
    same session already did it within the minute."""
    session.execute(
        update(WebSession)
        .where(WebSession.id == row_id, WebSession.last_seen_at <= at - TOUCH_EVERY)
        .values(last_seen_at=at)
    )


def end(*, session: Session, session_id: str, at: datetime) -> WebSession | None:
    """End one session (logout); the cookie that carried its id opens nothing afterwards.
    Returns the session when it was open until now, None otherwise."""
    if not session_id or len(session_id) > 100:
        return None
    row = session.scalar(
        select(WebSession).where(
            WebSession.digest == digest(session_id), WebSession.ended_at.is_(None)
        )
    )
    if row is not None:
        row.ended_at = at
        session.flush()
    return row


def end_sessions(*, session: Session, user_id: int, at: datetime | None = None) -> int:
    """End every open session of a person (password change, deactivation, admin reset);
    returns how many were open. Their browsers land on the login page at the next request."""
    result = session.execute(
        update(WebSession)
        .where(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
        .values(ended_at=at or utcnow())
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
