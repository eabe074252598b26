"""Agreements, convenios and activities: create, edit and read bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from api.schemas.common import (
    CONVENIO_KEY_LENGTH,
    BoundedDate,
    Code,
    Key,
    Line,
    RowRef,
    Strict,
    Text,
)
from api.schemas.history import EditRead, TransitionRead, UpdateRead
from states import LIFECYCLES
from workflow.models import Activity, Agreement, Convenio

Title = Line(500, min_length=1)
Codes = Field(min_length=1, max_length=20)
NewTitle = Line(500, min_length=1, default=None)
LONG_TEXT = 20000
URL_PATTERN = r"^https?://[^\x00-\x20\x7f]*$"
"""An http(s) address without spaces or control characters."""
Counterpart = Annotated[str, Line(300)]
"""`counterparts.name`."""
"""In a PATCH every field is optional: absent means "leave as it is"."""


class Patch(Strict):
    """A PATCH body: send only what changes. `null` is refused for fields that cannot be empty
    (it used to reach the database as NULL and fail there with a 500)."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("no puede ser null; omita el campo para dejarlo como está")
        return value


class ItemRead(BaseModel):
    """What every tracked item shows (SPEC §4, representations)."""

    id: int
    key: str
    title: str
    state: str
    state_label: str
    deadline: date | None
    overdue: bool
    relevant: bool
    progress: int
    areas: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class ItemRef(BaseModel):
    """Another item named briefly: the other side of a link between items."""

    id: int
    key: str
    title: str
    state: str

    @classmethod
    def of(cls, item: Agreement | Convenio | Activity) -> ItemRef:
        return cls(id=item.id, key=item.key, title=item.title, state=item.state)


MAX_LINKS = 200
LinkIds = Field(default=None, max_length=MAX_LINKS)
"""Ids of the convenios or activities an acuerdo concerns; in a PATCH the set replaces the
one it had (`[]` removes every link)."""


class ItemDetail(BaseModel):
    updates: list[UpdateRead] = []
    transitions: list[TransitionRead] = []
    edits: list[EditRead] = []
    """Edits of non-state fields, oldest first, each field old → new."""
    allowed_events: list[str] = []


def _base(item: Agreement | Convenio | Activity, overdue: bool) -> dict[str, object]:
    return {
        "id": item.id,
        "key": item.key,
        "title": item.title,
        "state": item.state,
        "state_label": LIFECYCLES[item.kind].state_label(item.state),
        "deadline": item.deadline,
        "overdue": overdue,
        "relevant": item.relevant,
        "progress": item.progress,
        "areas": [a.code for a in item.areas],
        "version": item.version,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


class AgreementCreate(Strict):
    meeting: RowRef
    title: str = Title
    text: str = Text(LONG_TEXT, default="")
    areas: list[Code] = Codes
    deadline: BoundedDate | None = None
    deadline_business_days: int | None = Field(default=None, ge=1, le=366)
    relevant: bool = False
    key: str | None = Key(default=None)
    agenda_item: RowRef | None = None
    """The id of the meeting's agenda point it was approved under."""
    convenios: list[RowRef] = Field(default_factory=list, max_length=MAX_LINKS)
    """Ids of the convenios it concerns."""
    activities: list[RowRef] = Field(default_factory=list, max_length=MAX_LINKS)
    """Ids of the activities it concerns."""

    @model_validator(mode="after")
    def _one_deadline(self) -> AgreementCreate:
        if self.deadline is not None and self.deadline_business_days is not None:
            raise ValueError("indique «deadline» o «deadline_business_days», no ambos")
        return self


class AgreementUpdate(Patch):
    nullable = frozenset({"agenda_item"})
    title: str | None = NewTitle
    text: str | None = Text(LONG_TEXT, default=None)
    areas: list[Code] | None = Field(default=None, min_length=1, max_length=20)
    relevant: bool | None = None
    agenda_item: RowRef | None = None
    """A point of the acuerdo's own session's order of the day (null: none)."""
    convenios: list[RowRef] | None = LinkIds
    activities: list[RowRef] | None = LinkIds


class AgreementRead(ItemRead):
    text: str
    meeting: int
    meeting_key: str
    agenda_item: int | None = None

    @classmethod
    def of(cls, item: Agreement, overdue: bool) -> AgreementRead:
        return cls(
            **_base(item, overdue),
            text=item.text,
            meeting=item.meeting_id,
            meeting_key=item.meeting.key,
            agenda_item=item.agenda_item_id,
        )


class AgreementDetail(AgreementRead, ItemDetail):
    agenda_point: str | None = None
    """Its point of the session's order of the day as the agenda reads (`3 a) Informe …`)."""
    convenios: list[ItemRef] = []
    activities: list[ItemRef] = []


class ConvenioCreate(Strict):
    title: str = Title
    kind: str = Line(20, default="general")
    counterparts: list[Counterpart] = Field(min_length=1, max_length=50)
    areas: list[Code] = Codes
    object: str = Text(LONG_TEXT, default="")
    parent: RowRef | None = None
    organ: Code | None = None
    relevant: bool = False
    url: str | None = Field(default=None, max_length=1000, pattern=URL_PATTERN)
    key: str | None = Key(default=None, max_length=CONVENIO_KEY_LENGTH)


class ConvenioUpdate(Patch):
    nullable = frozenset({"url", "parent", "organ"})
    title: str | None = NewTitle
    kind: str | None = Line(20, default=None)
    parent: RowRef | None = None
    """The convenio it belongs to (annexes, addenda); never itself nor one of its own annexes."""
    organ: Code | None = None
    object: str | None = Text(LONG_TEXT, default=None)
    counterparts: list[Counterpart] | None = Field(default=None, min_length=1, max_length=50)
    areas: list[Code] | None = Field(default=None, min_length=1, max_length=20)
    relevant: bool | None = None
    url: str | None = Field(default=None, max_length=1000, pattern=URL_PATTERN)


class ConvenioRead(ItemRead):
    kind: str
    object: str
    counterparts: list[str]
    parent: int | None
    organ: str | None
    signed_on: date | None
    valid_from: date | None
    valid_until: date | None
    url: str | None

    @classmethod
    def of(cls, item: Convenio, overdue: bool) -> ConvenioRead:
        return cls(
            **_base(item, overdue),
            kind=item.convenio_kind,
            object=item.object,
            counterparts=[c.name for c in item.counterparts],
            parent=item.parent_id,
            organ=item.organ.code if item.organ else None,
            signed_on=item.signed_on,
            valid_from=item.valid_from,
            valid_until=item.valid_until,
            url=item.url,
        )


class ConvenioDetail(ConvenioRead, ItemDetail):
    children: list[int] = []
    agreements: list[ItemRef] = []
    """The acuerdos that name it."""


class ActivityCreate(Strict):
    title: str = Title
    area: Code
    convenio: RowRef | None = None
    organ: Code | None = None
    due_date: BoundedDate | None = None
    description: str = Text(LONG_TEXT, default="")
    relevant: bool = False
    key: str | None = Key(default=None)


class ActivityUpdate(Patch):
    nullable = frozenset({"due_date"})
    title: str | None = NewTitle
    description: str | None = Text(LONG_TEXT, default=None)
    area: Code | None = None
    due_date: BoundedDate | None = None
    relevant: bool | None = None


class ActivityRead(ItemRead):
    description: str
    due_date: date | None
    area: str
    convenio: int | None
    organ: str | None

    @classmethod
    def of(cls, item: Activity, overdue: bool) -> ActivityRead:
        return cls(
            **_base(item, overdue),
            description=item.description,
            due_date=item.due_date,
            area=item.area.code,
            convenio=item.convenio_id,
            organ=item.organ.code if item.organ else None,
        )


class ActivityDetail(ActivityRead, ItemDetail):
    agreements: list[ItemRef] = []
    """The acuerdos that name it."""
