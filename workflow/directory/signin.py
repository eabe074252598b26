"""Signing in with a password, for the login page and `/api/v1/auth/token` alike: throttled and
written to the audit log.

Failures are counted from the audit table (`sign_in_events`, indexed by e-mail and by client
address), not in process memory, so several API processes on one database share the count and
a restart forgives nothing. (The `limits` library would need Redis or Memcached for that; the
database is already here and the audit rows must be written anyway.)

An attempt is refused with `retry_after` once the account (e-mail, whether or not it exists) or
the client address has reached its number of failures within the window; the password is not
even checked then. A wrong password and an unknown e-mail look the same from outside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from workflow.directory.credentials import EMAIL_MAX, user_for_password
from workflow.models import SignInEvent, User
from workflow.runtime.settings import Settings

CLIENT_MAX = 64
UNKNOWN_CLIENT = "desconocido"
LOCK_CLASS = 0x5E61
"""First key of the two-key PostgreSQL advisory locks of sign-in (a space apart from the
scheduler's one-key lock)."""


@dataclass(frozen=True)
class Limits:
    window: timedelta
    per_account: int
    per_address: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(
            window=timedelta(minutes=settings.signin_window_minutes),
            per_account=settings.signin_max_failures_per_account,
            per_address=settings.signin_max_failures_per_address,
        )


@dataclass(frozen=True)
class Attempt:
    """What came of one attempt: the person, or a refusal (with a wait when throttled)."""

    user: User | None
    email: str
    retry_after: int | None = None
    """Seconds to wait before trying again; set only when the attempt was throttled."""


def clean_email(email: str) -> str:
    """How an e-mail is counted and logged: trimmed, lower case, no NUL, bounded."""
    return email.strip().lower().replace("\x00", "")[:EMAIL_MAX]


def clean_client(client: str | None) -> str:
    return (client or UNKNOWN_CLIENT).replace("\x00", "")[:CLIENT_MAX] or UNKNOWN_CLIENT


def attempt(
    *,
    session: Session,
    email: str,
    password: str,
    client: str | None,
    channel: str,
    at: datetime,
    limits: Limits,
) -> Attempt:
    """Check the password unless throttled; record the outcome in the audit log."""
    counted = clean_email(email)
    address = clean_client(client)
    _one_at_a_time(session, counted, address)
    wait = retry_after(session=session, email=counted, client=address, at=at, limits=limits)
    if wait is not None:
        _record(session, at, "throttled", counted, None, address, channel)
        return Attempt(user=None, email=counted, retry_after=wait)
    user = user_for_password(session=session, email=email, password=password)
    kind = "success" if user is not None else "failure"
    _record(session, at, kind, counted, user.id if user else None, address, channel)
    return Attempt(user=user, email=counted)


def _one_at_a_time(session: Session, email: str, client: str) -> None:
    """On PostgreSQL, attempts for one e-mail or from one address wait for each other until the
    previous one commits its audit row, so concurrent attempts (on any process) cannot all read
    the same count and slip past the limit. SQLite writers are already serialised (BEGIN
    IMMEDIATE). Locks are taken e-mail first, then address, always in that order."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in (f"email:{email}", f"client:{client}"):
        session.execute(select(func.pg_advisory_xact_lock(LOCK_CLASS, func.hashtext(key))))


def retry_after(
    *, session: Session, email: str, client: str, at: datetime, limits: Limits
) -> int | None:
    """Seconds until the account and the address are both below their limits, or None when
    they already are."""
    waits = [
        _wait(session, SignInEvent.email == email, limits.per_account, at, limits.window),
        _wait(session, SignInEvent.client == client, limits.per_address, at, limits.window),
    ]
    found = [w for w in waits if w is not None]
    return max(found) if found else None


def _wait(
    session: Session, who: ColumnElement[bool], limit: int, at: datetime, window: timedelta
) -> int | None:
    # The limit-th most recent failure in the window: once it leaves the window, one more
    # attempt is allowed. One indexed query answers both "over the limit?" and "for how long?".
    oldest_counted = session.scalar(
        select(SignInEvent.at)
        .where(who, SignInEvent.failed, SignInEvent.at > at - window)
        .order_by(SignInEvent.at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    if oldest_counted is None:
        return None
    return max(1, math.ceil((oldest_counted + window - at).total_seconds()))


def record_logout(*, session: Session, user: User, client: str | None, at: datetime) -> None:
    _record(session, at, "logout", user.email, user.id, clean_client(client), "page")


def _record(
    session: Session,
    at: datetime,
    kind: str,
    email: str,
    user_id: int | None,
    client: str,
    channel: str,
) -> None:
    session.add(
        SignInEvent(at=at, kind=kind, email=email, user_id=user_id, client=client, channel=channel)
    )
    session.flush()


def throttled_message(retry_after: int) -> str:
    """The sentence a throttled person reads (page and API); says nothing about the account."""
    minutes = max(1, math.ceil(retry_after / 60))
    wait = "1 minuto" if minutes == 1 else f"{minutes} minutos"
    return (
        "Demasiados intentos fallidos de inicio de sesión. Por seguridad, espere "
        f"{wait} antes de volver a intentarlo."
    )
