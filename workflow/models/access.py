"""Who is signed in to the pages, and who tried: web sessions, the sign-in audit log and the
invitations that let a person set their password."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base, UTCDateTime


class WebSession(Base):
    """A signed-in browser. The cookie carries a random id; only its SHA-256 digest is kept here,
    so a leaked table opens no session. `ended_at` is set by logout, a password change or
    deactivation; the idle and absolute timeouts are read from the two timestamps."""

    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    client: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class SignInEvent(Base):
    """One line of the sign-in audit log: a success, a failure, a throttled attempt or a logout.

    Failures are also what the throttle counts, per e-mail and per client address within a
    window, so every API process on one database sees the same count. Never holds a password.
    """

    __tablename__ = "sign_in_events"
    __table_args__ = (
        Index("ix_sign_in_events_email_at", "email", "at"),
        Index("ix_sign_in_events_client_at", "client", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(20))
    """`success`, `failure`, `throttled` or `logout`."""
    email: Mapped[str] = mapped_column(String(320))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))
    """`page` (the login form), `api` (`/api/v1/auth/token`) or `account` (the current password
    asked at `/mi-cuenta` before a change)."""

    @hybrid_property
    def failed(self) -> bool:
        """A failed attempt: what the throttle counts (a Python test and a SQL clause alike)."""
        return self.kind == "failure"


class Invitation(Base):
    """A one-time link with which a person sets their password (a new account or a reset by an
    administrator). Only the SHA-256 digest of its secret is kept; `ended_at` is set when it is
    used or replaced by a newer one, and it expires at `expires_at` anyway."""

    __tablename__ = "invitations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
