"""What the reports keep: the numbered progress reports of a convenio, the issued versions of a
session's follow-up report with their observaciones, and private calendar feeds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, UTCDateTime
from workflow.models.directory import User
from workflow.models.items import Convenio
from workflow.models.meetings import Meeting


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


class ReportObservation(Base):
    """The secretariat's *observación* on one row of a session's follow-up report, by item key.

    Part of the draft: rewritten at will until the report is issued, when the issued version
    keeps a copy in its data. Who wrote it and when are kept per row.
    """

    __tablename__ = "report_observations"
    __table_args__ = (UniqueConstraint("meeting_id", "item_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    item_key: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    written_by_label: Mapped[str] = mapped_column(String(200))


class IssuedReport(Base):
    """One issued version of a session's follow-up report: its data and files, as issued.

    Numbered per organ and year of the session (1, 2, …); the unique key stops two people
    issuing at once from taking one number. Nothing updates a row once written (an ORM hook
    refuses it), so a download years later gives the bytes whose SHA-256 was shown that day.
    The files are kept in the database, so every host serves them.
    """

    __tablename__ = "issued_reports"
    __table_args__ = (UniqueConstraint("organ_id", "year", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    organ_id: Mapped[int] = mapped_column(ForeignKey("organs.id"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    cut_off: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_by_label: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    """The report's data as JSON (UTF-8), the `format=json` download."""
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    xlsx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    data_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    xlsx_sha256: Mapped[str] = mapped_column(String(64))
    pdf_variant: Mapped[str] = mapped_column(String(20))
    """The WeasyPrint `pdf_variant` of the PDF ("pdf/a-3b")."""
    meeting: Mapped[Meeting] = relationship(lazy="joined")


@event.listens_for(IssuedReport, "before_update")
def _issued_reports_are_immutable(_mapper: Any, _connection: Any, target: IssuedReport) -> None:
    raise ValueError(f"An issued report is never changed (issued report id {target.id}).")
