"""The items that move through a lifecycle: agreements, convenios, activities.

Each row carries `state` and `version` (the optimistic lock, bumped by every UPDATE). Only
`workflow.fire.fire` writes `state`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from workflow.models.base import Base, Timestamped, UTCDateTime, utcnow
from workflow.models.directory import Area, Organ
from workflow.models.meetings import Meeting


class Tracked(Timestamped):
    """Columns every tracked item has."""

    kind: ClassVar[str]
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(30), index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class AgreementArea(Base):
    """A responsible area of an agreement; position 0 is the lead area."""

    __tablename__ = "agreement_areas"
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[Area] = relationship(lazy="joined")


class Agreement(Tracked, Base):
    """An acuerdo approved in a meeting."""

    __tablename__ = "agreements"
    kind = "agreement"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_agreements_state_deadline", "state", "deadline"),
    )
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    relevant: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    """The point of the meeting's order of the day under which it was approved."""
    meeting: Mapped[Meeting] = relationship(lazy="joined")
    area_links: Mapped[list[AgreementArea]] = relationship(
        order_by="AgreementArea.position", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def areas(self) -> list[Area]:
        return [link.area for link in self.area_links]


class ConvenioArea(Base):
    """A responsible area of a convenio; position 0 is the lead area."""

    __tablename__ = "convenio_areas"
    convenio_id: Mapped[int] = mapped_column(
        ForeignKey("convenios.id", ondelete="CASCADE"), primary_key=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[Area] = relationship(lazy="joined")


class Counterpart(Base):
    """An institution that signs a convenio with us."""

    __tablename__ = "convenio_counterparts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    convenio_id: Mapped[int] = mapped_column(
        ForeignKey("convenios.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str | None] = mapped_column(String(100))
    """Type of counterpart for transparency reports (público, académico, social, internacional)."""


class Convenio(Tracked, Base):
    """An inter-institutional agreement, with optional parent (annexes, addenda)."""

    __tablename__ = "convenios"
    kind = "convenio"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_convenios_state_valid_until", "state", "valid_until"),
    )
    convenio_kind: Mapped[str] = mapped_column(String(20), default="general")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("convenios.id"), index=True)
    organ_id: Mapped[int | None] = mapped_column(ForeignKey("organs.id"), index=True)
    object: Mapped[str] = mapped_column(Text, default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date, index=True)
    relevant: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str | None] = mapped_column(String(1000))
    organ: Mapped[Organ | None] = relationship(lazy="joined")
    parent: Mapped[Convenio | None] = relationship(remote_side="Convenio.id", lazy="joined")
    area_links: Mapped[list[ConvenioArea]] = relationship(
        order_by="ConvenioArea.position", cascade="all, delete-orphan", lazy="selectin"
    )
    counterparts: Mapped[list[Counterpart]] = relationship(
        order_by="Counterpart.position", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def areas(self) -> list[Area]:
        return [link.area for link in self.area_links]

    @property
    def deadline(self) -> date | None:
        return self.valid_until


class Activity(Tracked, Base):
    """A commitment under a convenio or under an organ's work programme."""

    __tablename__ = "activities"
    kind = "activity"
    __table_args__ = (
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        Index("ix_activities_state_due_date", "state", "due_date"),
    )
    convenio_id: Mapped[int | None] = mapped_column(ForeignKey("convenios.id"), index=True)
    organ_id: Mapped[int | None] = mapped_column(ForeignKey("organs.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    relevant: Mapped[bool] = mapped_column(Boolean, default=False)
    convenio: Mapped[Convenio | None] = relationship(lazy="joined")
    organ: Mapped[Organ | None] = relationship(lazy="joined")
    area: Mapped[Area] = relationship(lazy="joined")

    @property
    def areas(self) -> list[Area]:
        return [self.area]

    @property
    def deadline(self) -> date | None:
        return self.due_date
