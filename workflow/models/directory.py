"""Who and what: organs, areas, people and their API tokens."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, Timestamped, UTCDateTime


class Organ(Timestamped, Base):
    """A council, commission or committee (órgano colegiado)."""

    __tablename__ = "organs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    teams_webhook_url: Mapped[str | None] = mapped_column(String(1000))
    standing_items: Mapped[list[str]] = mapped_column(JSON, default=list)
    """The points every ordinary session's agenda carries (puntos fijos del orden del día)."""


class Area(Timestamped, Base):
    """An organisational unit made responsible for items (área / unidad responsable)."""

    __tablename__ = "areas"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    teams_webhook_url: Mapped[str | None] = mapped_column(String(1000))


class User(Timestamped, Base):
    """A person who signs in; `area` scopes what an area head may change."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    area: Mapped[Area | None] = relationship(lazy="joined")


class ApiToken(Timestamped, Base):
    """A personal API token, kept only as its SHA-256 digest so a leaked table grants nothing.

    It stops working when `revoked_at` is set, when `expires_at` has passed, or while its
    person is inactive.
    """

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="api")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user: Mapped[User] = relationship(lazy="joined")
