"""Authorization that runs before a request's body is read or validated.

A person who may not do something gets 403 whatever they send: checking the body first would
answer 422 to a member posting rubbish and 403 to one posting something valid, telling them
what the operation accepts. FastAPI validates the body after a route's dependencies, so each
gate is a dependency listed on the route (`dependencies=[EDITORS]`), and it asks the same
rules the workflow applies again inside the operation.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends
from sqlalchemy.orm import Session

from api.deps import ActorDep, ClockDep, SessionDep
from api.schemas.common import RowId
from states import LIFECYCLES, Lifecycle
from states.lifecycle import may_fire
from workflow import listing
from workflow.actors import Actor, is_responsible, require_admin, require_editor, require_may_update
from workflow.errors import NotPermitted


def editors_only(actor: ActorDep) -> None:
    require_editor(actor)


def admins_only(actor: ActorDep) -> None:
    require_admin(actor)


EDITORS = Depends(editors_only)
ADMINS = Depends(admins_only)


def _may_fire_any(lifecycle: Lifecycle, actor: Actor, *, responsible: bool) -> None:
    if not any(may_fire(e, actor.role, responsible=responsible) for e in lifecycle.events):
        raise NotPermitted(
            f"Su rol no puede aplicar eventos del ciclo «{lifecycle.label}» a este asunto."
        )


def minutes_events(actor: ActorDep) -> None:
    """Only who may fire some event of the minutes' lifecycle (the secretariat, admins)."""
    _may_fire_any(LIFECYCLES["minutes"], actor, responsible=False)


MINUTES_EVENTS = Depends(minutes_events)


def item_gates(model: Any) -> tuple[Any, Any]:
    """The gates of one kind of item: (events, updates) on `/{item_id}/…`."""

    def _item(session: Session, clock: Any, item_id: int) -> Any:
        item, _ = listing.fetch_one(
            session=session, model=model, item_id=item_id, today=clock.today()
        )
        return item

    def events(item_id: RowId, session: SessionDep, actor: ActorDep, clock: ClockDep) -> None:
        item = _item(session, clock, item_id)
        _may_fire_any(LIFECYCLES[item.kind], actor, responsible=is_responsible(actor, item))

    def updates(item_id: RowId, session: SessionDep, actor: ActorDep, clock: ClockDep) -> None:
        require_may_update(actor, _item(session, clock, item_id))

    return Depends(events), Depends(updates)
