"""Authorization that runs before a request's body is read or validated.

A person who may not do something gets 403 whatever they send: checking the body first would
answer 422 to a member posting rubbish and 403 to one posting something valid, telling them
what the operation accepts. FastAPI validates the body after a route's dependencies, so each
gate is a dependency listed on the route (`dependencies=[EDITORS]`), and it asks the same
rules the workflow applies again inside the operation. The gates of one item's routes load
the item too: they are in `api.item_access`.
"""

from __future__ import annotations

from fastapi import Depends

from api.deps import ActorDep
from states import LIFECYCLES, Lifecycle
from states.lifecycle import may_fire
from workflow.engine.actors import Actor, require_admin, require_editor
from workflow.engine.errors import NotPermitted


def editors_only(actor: ActorDep) -> None:
    require_editor(actor)


def admins_only(actor: ActorDep) -> None:
    require_admin(actor)


EDITORS = Depends(editors_only)
ADMINS = Depends(admins_only)


def require_some_event(lifecycle: Lifecycle, actor: Actor, *, responsible: bool) -> None:
    """Refuse who may fire no event of `lifecycle` (with or without being responsible)."""
    if not any(may_fire(e, actor.role, responsible=responsible) for e in lifecycle.events):
        raise NotPermitted(
            f"Su rol no puede aplicar eventos del ciclo «{lifecycle.label}» a este asunto."
        )


def minutes_events(actor: ActorDep) -> None:
    """Only who may fire some event of the minutes' lifecycle (the secretariat, admins)."""
    require_some_event(LIFECYCLES["minutes"], actor, responsible=False)


MINUTES_EVENTS = Depends(minutes_events)
