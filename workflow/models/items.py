"""The items that move through a lifecycle: agreements, convenios, activities.

Each row carries `state` and `version` (the optimistic lock, bumped by every UPDATE). Only
`workflow.engine.fire.fire` writes `state`.
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
    and_,
)
from sqlalchemy.orm import Mapped, declared_attr, foreign, mapped_column, relationship, validates

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


class ItemArea(Base):
    """A responsible area of an agreement or a convenio; position 0 is the lead area.

    One table for every kind with several areas, told apart by `item_kind` (SQLAlchemy's
    "generic foreign key" association): `item_id` names a row of the kind's own table, so the
    database cannot enforce it, and the item's `area_links` relationship deletes its links.
    """

    __tablename__ = "item_areas"
    item_kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    area: Mapped[Area] = relationship(lazy="joined")


class HasAreas:
    """An item with several responsible areas, linked through `item_areas`, lead first."""

    kind: ClassVar[str]

    @declared_attr
    def area_links(cls) -> Mapped[list[ItemArea]]:
        return relationship(
            ItemArea,
            primaryjoin=lambda: and_(
                foreign(ItemArea.item_id) == cls.id,  # type: ignore[attr-defined]
                ItemArea.item_kind == cls.kind,
            ),
            order_by=ItemArea.position,
            cascade="all, delete-orphan",
            lazy="selectin",
            overlaps="area_links",
        )

    @validates("area_links")
    def _link_kind(self, _key: str, link: ItemArea) -> ItemArea:
        link.item_kind = self.kind
        return link

    @property
    def areas(self) -> list[Area]:
        return [link.area for link in self.area_links]


class Agreement(HasAreas, Tracked, Base):
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
    linked_convenios: Mapped[list[Convenio]] = relationship(
        secondary="agreement_links", viewonly=True, order_by="Convenio.key"
    )
    """The convenios it concerns (`workflow.items.links` writes them)."""
    linked_activities: Mapped[list[Activity]] = relationship(
        secondary="agreement_links", viewonly=True, order_by="Activity.key"
    )
    """The activities it concerns."""


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


class Convenio(HasAreas, Tracked, Base):
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
    counterparts: Mapped[list[Counterpart]] = relationship(
        order_by="Counterpart.position", cascade="all, delete-orphan", lazy="selectin"
    )
    linked_agreements: Mapped[list[Agreement]] = relationship(
        secondary="agreement_links", viewonly=True, order_by="Agreement.key"
    )
    """The acuerdos that name it (`workflow.items.links`)."""

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
    linked_agreements: Mapped[list[Agreement]] = relationship(
        secondary="agreement_links", viewonly=True, order_by="Agreement.key"
    )
    """The acuerdos that name it (`workflow.items.links`)."""

    @property
    def areas(self) -> list[Area]:
        return [self.area]

    @property
    def deadline(self) -> date | None:
        return self.due_date
