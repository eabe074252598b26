"""Meetings with their agenda and minutes."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from api.schemas.common import Strict
from states import MINUTES
from workflow.models import Meeting


class AgendaPointIn(Strict):
    text: str = Field(min_length=1, max_length=5000)
    items: list[str] = []


class MeetingCreate(Strict):
    organ: str = Field(min_length=1, max_length=32)
    kind: str
    number: int = Field(ge=1, le=999)
    year: int = Field(ge=1990, le=2200)
    date: dt.date
    time: dt.time | None = None
    modality: str = "presencial"
    agenda: list[str | AgendaPointIn] = []


class AgendaPointRead(BaseModel):
    number: str
    text: str
    items: list[AgendaPointRead] = []


class MinutesRead(BaseModel):
    state: str
    state_label: str
    approved_in: int | None
    version: int


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
            ),
        )
