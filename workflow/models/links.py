"""Links between items: an acuerdo names the convenios and activities it concerns (SPEC §6).

One row per pair. Exactly one of `convenio_id` and `activity_id` is set; a pair is linked once;
deleting either side deletes its links.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base, Timestamped


class AgreementLink(Timestamped, Base):
    """An acuerdo linked to one convenio or to one activity."""

    __tablename__ = "agreement_links"
    __table_args__ = (
        CheckConstraint("(convenio_id IS NULL) <> (activity_id IS NULL)", name="one_target"),
        UniqueConstraint("agreement_id", "convenio_id"),
        UniqueConstraint("agreement_id", "activity_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    convenio_id: Mapped[int | None] = mapped_column(
        ForeignKey("convenios.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
