"""Counters that number the automatic keys of agreements, convenios and activities."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.models.base import Base


class KeyCounter(Base):
    """The last number handed out in one scope (`convenios:CONV/2024/`…).

    Bumped with one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, whose row lock makes concurrent
    creates in the same scope take turns instead of picking the same number.
    """

    __tablename__ = "key_counters"
    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
