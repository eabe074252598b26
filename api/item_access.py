"""The item a path names (`/{item_id}`), loaded once per request and the caller authorised.

One dependency per kind and per use: a route takes `Annotated[Found[Any], access.editable]`
(or `found`, `readable`, `firable`, `updatable`) and receives the item; a missing one is a 404,
a caller who may not do the thing a 401/403, both before the body is read or validated (see
`api.gates` for why).
FastAPI caches a dependency within a request, so the item is read once whoever else asks for it.

No `from __future__ import annotations` here: FastAPI reads the dependencies' annotations, and
the local `Loaded` could not be found from a string.
"""

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends

from api.deps import ActorDep, ClockDep, SessionDep
from api.gates import EDITORS, require_some_event
from api.schemas.common import RowId
from states import LIFECYCLES
from workflow.engine.actors import is_responsible, require_may_update
from workflow.items import listing

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    """An item as loaded for a request, with whether it was overdue then."""

    item: T
    overdue: bool


@dataclass(frozen=True)
class ItemAccess:
    """The dependencies of one kind of item on `/{item_id}` routes (each gives a `Found`)."""

    found: Any
    """Loaded, whoever asks (the public pages)."""
    readable: Any
    """Loaded for an authenticated caller."""
    editable: Any
    """Loaded for an editor (secretariat, admins): PATCH."""
    firable: Any
    """Loaded for who may fire some event of its lifecycle on it."""
    updatable: Any
    """Loaded for who may record an avance on it."""


@cache
def item_access(model: Any) -> ItemAccess:
    """The dependencies for `model` (one set per kind, so the request cache sees one loader)."""

    def load(item_id: RowId, session: SessionDep, clock: ClockDep) -> Found[Any]:
        item, overdue = listing.fetch_one(
            session=session, model=model, item_id=item_id, today=clock.today()
        )
        return Found(item, overdue)

    Loaded = Annotated[Found[Any], Depends(load)]

    def readable(actor: ActorDep, found: Loaded) -> Found[Any]:
        return found

    def editable(_editor: Annotated[None, EDITORS], found: Loaded) -> Found[Any]:
        return found  # the gate comes first: a member gets 403 even for a missing item

    def firable(actor: ActorDep, found: Loaded) -> Found[Any]:
        item = found.item
        require_some_event(LIFECYCLES[item.kind], actor, responsible=is_responsible(actor, item))
        return found

    def updatable(actor: ActorDep, found: Loaded) -> Found[Any]:
        require_may_update(actor, found.item)
        return found

    return ItemAccess(
        found=Depends(load),
        readable=Depends(readable),
        editable=Depends(editable),
        firable=Depends(firable),
        updatable=Depends(updatable),
    )
