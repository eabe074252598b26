"""Sessions of an organ, their agenda, and their minutes (which have a lifecycle of their own)."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    ColumnElement,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from states.vocabulary import MEETING_KEY_SUFFIX
from workflow.models.base import Base, Timestamped
from workflow.models.directory import Organ

if TYPE_CHECKING:
    from workflow.models.history import EvidenceFile


class Meeting(Timestamped, Base):
    """A session (sesión) of an organ."""

    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("organ_id", "kind", "number", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organ_id: Mapped[int] = mapped_column(ForeignKey("organs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date, index=True)
    time: Mapped[time | None] = mapped_column(Time)
    modality: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    """The optimistic lock of the edit page (bumped by every UPDATE of the row)."""
    organ: Mapped[Organ] = relationship(lazy="joined")
    agenda: Mapped[list[AgendaItem]] = relationship(
        order_by="AgendaItem.position", cascade="all, delete-orphan", lazy="selectin"
    )
    minutes: Mapped[Minutes] = relationship(
        foreign_keys="Minutes.meeting_id", back_populates="meeting", lazy="joined", uselist=False
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def key(self) -> str:
        return f"{self.organ.code}/{self.number}{MEETING_KEY_SUFFIX[self.kind]}/{self.year}"

    @hybrid_property
    def ordinary(self) -> bool:
        """A sesión ordinaria: numbered on its own, and what a follow-up report looks back to.

        The same expression answers for a loaded session and, in a query, as a SQL clause.
        """
        return self.kind == "ordinaria"

    @classmethod
    def numbered(cls, organ_id: int, kind: str, number: int, year: int) -> ColumnElement[bool]:
        """The session that holds this number: the table's unique key, as a query clause."""
        return and_(
            cls.organ_id == organ_id, cls.kind == kind, cls.number == number, cls.year == year
        )


class AgendaItem(Base):
    """One point of the order of the day; sub-points (a, b, c…) name their parent's position."""

    __tablename__ = "agenda_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    parent_position: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Minutes(Base):
    """The minutes (minuta) of a meeting: a draft until a later meeting approves them."""

    __tablename__ = "minutes"
    kind = "minutes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(20), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    approved_in_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    text: Mapped[str | None] = mapped_column(Text)
    """The minutes typed in, when there is no file (or beside it)."""
    file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_files.id"))
    """The signed minutes as a file, checked and stored as evidence files are."""
    meeting: Mapped[Meeting] = relationship(
        foreign_keys=[meeting_id], back_populates="minutes", lazy="joined"
    )
    approved_in: Mapped[Meeting | None] = relationship(foreign_keys=[approved_in_id])
    file: Mapped[EvidenceFile | None] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": version}

    @property
    def key(self) -> str:
        return f"{self.meeting.key}/minuta"

    @property
    def title(self) -> str:
        return f"Minuta de la sesión {self.meeting.key}"
