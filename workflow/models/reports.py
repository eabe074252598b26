"""What the reports keep: the numbered progress reports of a convenio and private calendar feeds."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UTCDateTime
from workflow.models.directory import User
from workflow.models.items import Convenio


class ConvenioReport(Base):
    """One issued progress report of a convenio; `number` counts per convenio ("Noveno informe").

    Kept so the numbering survives and an issued report can be rendered again: its content is
    rebuilt from the history up to `cut_off`, which never changes afterwards.
    """

    __tablename__ = "convenio_reports"
    __table_args__ = (UniqueConstraint("convenio_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    convenio_id: Mapped[int] = mapped_column(
        ForeignKey("convenios.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    cut_off: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_by_label: Mapped[str] = mapped_column(String(200))
    convenio: Mapped[Convenio] = relationship(lazy="joined")


class CalendarFeed(Base):
    """A person's private iCalendar subscription, kept only as the digest of its secret URL part.

        Revoking sets `revoked_at`; the calendar client then gets 404 and stops showing the items.
    A person has at most one live feed (a unique index over the rows not revoked).
    """

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        Index(
            "uq_calendar_feeds_live_user",
            "user_id",
            unique=True,
            postgresql_where=text("revoked_at IS NULL"),
            sqlite_where=text("revoked_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user: Mapped[User] = relationship(lazy="joined")
