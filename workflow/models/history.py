"""What happened to items: progress updates, evidence files, transitions and domain events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.models.base import Base, Timestamped, UTCDateTime
from workflow.models.directory import User


class EvidenceFile(Timestamped, Base):
    """An uploaded file, stored on disk under a random name; served to who may read the item."""

    __tablename__ = "evidence_files"
    __table_args__ = (Index("ix_evidence_files_item", "item_kind", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(150))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class StoredFile(Timestamped, Base):
    """A file's bytes kept in the database (`SEGUIMIENTO_FILES_STORAGE=database`), so every API
    process on every host serves every file; named as its `EvidenceFile.stored_name`."""

    __tablename__ = "stored_files"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Update(Timestamped, Base):
    """A dated progress note (avance) on any item."""

    __tablename__ = "updates"
    __table_args__ = (Index("ix_updates_item", "item_kind", "item_id", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    progress: Mapped[int | None] = mapped_column(Integer)
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_files.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User | None] = relationship(lazy="joined")
    file: Mapped[EvidenceFile | None] = relationship(lazy="joined")


class Transition(Base):
    """An immutable record of one lifecycle event on one item."""

    __tablename__ = "transitions"
    __table_args__ = (Index("ix_transitions_item", "item_kind", "item_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(200))
    """Who, as shown in the history; kept even if the person's account changes."""
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class DomainEvent(Base):
    """Something notifications may fan out: written in the same transaction as its cause.

    `dedupe_key` is unique, so a check that runs twice on one day inserts nothing new.
    """

    __tablename__ = "domain_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    dedupe_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    fanned_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
