"""The history of an item: transitions, edits and progress updates; and event requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.schemas.common import BoundedDate, Line, RowRef, Strict, Text
from states import LIFECYCLES
from workflow.engine.edit_history import Edit
from workflow.models import Transition, Update


class TransitionRead(BaseModel):
    event: str
    event_label: str
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    from_label: str
    to_label: str
    by: str
    at: datetime
    note: str | None
    data: dict[str, Any]

    model_config = {"populate_by_name": True}

    @classmethod
    def of(cls, t: Transition) -> TransitionRead:
        lc = LIFECYCLES[t.item_kind]
        spec = lc.event(t.event)
        return cls(
            event=t.event,
            event_label=spec.label if spec else t.event,
            from_=t.from_state,
            to=t.to_state,
            from_label=lc.state_label(t.from_state),
            to_label=lc.state_label(t.to_state),
            by=t.actor_label,
            at=t.at,
            note=t.note,
            data=t.data or {},
        )


class ChangeRead(BaseModel):
    """One field of an edit: its value before (null if the edit predates old values being
    kept) and after; areas and counterparts as lists, dates in ISO."""

    from_: Any = Field(alias="from", serialization_alias="from")
    to: Any

    model_config = {"populate_by_name": True}


class EditRead(BaseModel):
    """An edit of non-state fields: who, when, and each field from → to."""

    by: str | None
    at: datetime
    changes: dict[str, ChangeRead]

    @classmethod
    def of(cls, e: Edit) -> EditRead:
        return cls(
            by=e.by,
            at=e.at,
            changes={f: ChangeRead(from_=c.before, to=c.after) for f, c in e.changes.items()},
        )


class FileRef(BaseModel):
    id: int
    filename: str
    size: int
    url: str


class UpdateRead(BaseModel):
    id: int
    at: datetime
    by: str | None
    note: str
    progress: int | None
    evidence_url: str | None
    file: FileRef | None

    @classmethod
    def of(cls, u: Update) -> UpdateRead:
        return cls(
            id=u.id,
            at=u.created_at,
            by=u.author.name if u.author else None,
            note=u.note,
            progress=u.progress,
            evidence_url=u.evidence_url,
            file=FileRef(
                id=u.file.id,
                filename=u.file.filename,
                size=u.file.size,
                url=f"/api/v1/files/{u.file.id}",
            )
            if u.file
            else None,
        )


class UpdateCreate(Strict):
    note: str = Text(20000, min_length=1)
    progress: int | None = Field(default=None, ge=0, le=100)
    evidence_url: str | None = Field(
        default=None, max_length=2000, pattern=r"^https?://[^\x00-\x20\x7f]*$"
    )


class EventRequest(Strict):
    """A lifecycle event; which extra fields are required depends on the event."""

    event: str = Line(40, min_length=1)
    note: str | None = Text(20000, default=None)
    deadline: BoundedDate | None = None
    signed_on: BoundedDate | None = None
    valid_from: BoundedDate | None = None
    valid_until: BoundedDate | None = None

    def data(self) -> dict[str, Any]:
        return {
            k: v for k, v in self.model_dump(exclude={"event", "note"}).items() if v is not None
        }


class MinutesEventRequest(Strict):
    event: str = Line(40, min_length=1)
    approved_in: RowRef | None = None
    note: str | None = Text(20000, default=None)
