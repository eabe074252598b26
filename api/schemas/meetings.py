"""Meetings with their agenda and minutes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from api.schemas.common import BoundedDate, Code, Line, SessionNumber, Strict, Text, Year
from states import MINUTES
from workflow.models import Meeting

AgendaText = Annotated[str, Text(5000, min_length=1)]


class AgendaPointIn(Strict):
    text: AgendaText
    items: list[AgendaText] = Field(default=[], max_length=26)
    """Sub-points are lettered a–z."""


class MeetingCreate(Strict):
    organ: Code
    kind: str = Line(20)
    number: SessionNumber
    year: Year
    date: BoundedDate
    time: dt.time | None = None
    modality: str = Line(20, default="presencial")
    agenda: list[AgendaText | AgendaPointIn] = Field(default=[], max_length=99)
    """Points are numbered by hundreds in the database (sub-points fill the gap)."""


class AgendaPointRead(BaseModel):
    number: str
    text: str
    items: list[AgendaPointRead] = []


class MinutesRead(BaseModel):
    state: str
    state_label: str
    approved_in: int | None
    version: int
    text: str | None = None
    file: int | None = None
    """The id of the minutes' file (`GET /api/v1/files/{id}`)."""


class MeetingRead(BaseModel):
    id: int
    key: str
    organ: str
    kind: str
    number: int
    year: int
    date: dt.date
    time: dt.time | None
    modality: str
    agenda: list[AgendaPointRead]
    minutes: MinutesRead

    @classmethod
    def of(cls, m: Meeting) -> MeetingRead:
        points: list[AgendaPointRead] = []
        for item in m.agenda:
            if item.parent_position is None:
                points.append(AgendaPointRead(number=str(item.position // 100), text=item.text))
            else:
                parent = points[-1]
                letter = chr(ord("a") + len(parent.items))
                parent.items.append(AgendaPointRead(number=letter, text=item.text))
        return cls(
            id=m.id,
            key=m.key,
            organ=m.organ.code,
            kind=m.kind,
            number=m.number,
            year=m.year,
            date=m.date,
            time=m.time,
            modality=m.modality,
            agenda=points,
            minutes=MinutesRead(
                state=m.minutes.state,
                state_label=MINUTES.state_label(m.minutes.state),
                approved_in=m.minutes.approved_in_id,
                version=m.minutes.version,
                text=m.minutes.text,
                file=m.minutes.file_id,
            ),
        )
