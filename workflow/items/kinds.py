"""Where each kind of item is stored, and how its deadline, areas, organ and history are found.

The pure facts of the same kinds (noun, page, lifecycle) are in `states.kinds`; a new kind is
one entry in each table. Code that needs a fact about a kind asks here instead of branching on
the kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import QueryableAttribute

from states.kinds import KINDS, Kind
from workflow.models import (
    Activity,
    Agreement,
    Convenio,
    Delivery,
    DomainEvent,
    EvidenceFile,
    ItemArea,
    Meeting,
    Transition,
    Update,
)

Tracked = Agreement | Convenio | Activity
"""A row of any kind of tracked item."""

PERSON = "user"
"""The `item_kind` of events about a person rather than an item (their weekly digest)."""

OrganId = int | ColumnElement[Any]
"""An organ's id, or a scalar subquery that finds it."""


@dataclass(frozen=True)
class Stored:
    """The persistence facts of one kind of item."""

    facts: Kind
    model: type[Tracked]
    deadline: QueryableAttribute[Any]
    """The date after which an open item is overdue (vencido)."""
    body: QueryableAttribute[str]
    """The long text a search looks into besides key and title."""
    of_organ: Callable[[OrganId], ColumnElement[bool]]
    """Items of organ X: the organ's own, through their session or their convenio."""
    organ_id: Callable[[Any], int | None]
    """The organ a loaded item belongs to."""
    own_area: QueryableAttribute[Any] | None = None
    """The column of its one responsible area; None when its areas are linked in `item_areas`."""
    parents: Mapping[str, QueryableAttribute[Any]] = field(default_factory=dict)
    """List filters that name the row an item hangs from (`meeting`, `convenio`)."""
    approved_in: Callable[[Any], Meeting | None] = lambda item: None
    """The session that approved the item, for kinds approved in one."""
    created_with: tuple[str, ...] = ()
    """Fields its `created` event records (an agreement's first deadline)."""

    @property
    def name(self) -> str:
        return self.facts.name

    @property
    def area_id(self) -> QueryableAttribute[Any]:
        """The column of a responsible area's id, once `with_areas` has joined the links."""
        return self.own_area if self.own_area is not None else ItemArea.area_id

    def with_areas(self, stmt: Select[Any]) -> Select[Any]:
        """`stmt` over this kind, joined to its responsible areas (one row per item and area)."""
        if self.own_area is not None:
            return stmt
        return stmt.join_from(
            self.model, ItemArea, and_(self._links, ItemArea.item_id == self.model.id)
        )

    def of_area(self, area_id: int | ColumnElement[Any] | None) -> ColumnElement[bool]:
        """Items of area X: those it answers for, as lead or co-responsible."""
        if self.own_area is not None:
            return self.own_area == area_id
        return self.model.id.in_(
            select(ItemArea.item_id).where(self._links, ItemArea.area_id == area_id)
        )

    @property
    def _links(self) -> ColumnElement[bool]:
        """The rows of `item_areas` that link items of this kind."""
        return ItemArea.item_kind == self.name


def _activity_organ(activity: Activity) -> int | None:
    if activity.organ_id is not None:
        return activity.organ_id
    return activity.convenio.organ_id if activity.convenio is not None else None


STORED: dict[str, Stored] = {
    s.name: s
    for s in (
        Stored(
            facts=KINDS["agreement"],
            model=Agreement,
            deadline=Agreement.deadline,
            body=Agreement.text,
            of_organ=lambda organ: Agreement.meeting_id.in_(
                select(Meeting.id).where(Meeting.organ_id == organ)
            ),
            organ_id=lambda item: item.meeting.organ_id,
            parents={"meeting": Agreement.meeting_id},
            approved_in=lambda item: item.meeting,
            created_with=("deadline",),
        ),
        Stored(
            facts=KINDS["convenio"],
            model=Convenio,
            deadline=Convenio.valid_until,
            body=Convenio.object,
            of_organ=lambda organ: Convenio.organ_id == organ,
            organ_id=lambda item: item.organ_id,
        ),
        Stored(
            facts=KINDS["activity"],
            model=Activity,
            deadline=Activity.due_date,
            body=Activity.description,
            of_organ=lambda organ: or_(
                Activity.organ_id == organ,
                Activity.convenio_id.in_(select(Convenio.id).where(Convenio.organ_id == organ)),
            ),
            organ_id=_activity_organ,
            own_area=Activity.area_id,
            parents={"convenio": Activity.convenio_id},
        ),
    )
}
"""Every kind of tracked item, in the order of `states.kinds.KINDS`."""


def stored(item: Tracked) -> Stored:
    """The persistence facts of a loaded item's kind."""
    return STORED[item.kind]


History = type[Update] | type[Transition] | type[DomainEvent] | type[EvidenceFile] | type[Delivery]
"""The tables about an item, each keyed by (`item_kind`, `item_id`): what happened to it and
the messages sent about it."""


def history_of(
    table: History, kind: str, ids: int | Iterable[int] | None = None
) -> ColumnElement[bool]:
    """The rows of `table` about one item, the items `ids`, or (None) every item of `kind`."""
    about_kind = table.item_kind == kind
    if ids is None:
        return about_kind
    if isinstance(ids, int):
        return and_(about_kind, table.item_id == ids)
    return and_(about_kind, table.item_id.in_(list(ids)))
