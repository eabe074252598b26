"""What every new acuerdo, convenio and activity goes through: its key, typed by hand or the
scope's next number, and its insertion with the «created» event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine import keys
from workflow.engine.actors import Actor
from workflow.engine.errors import Conflict
from workflow.engine.events import record
from workflow.models import Activity, Agreement, Convenio
from workflow.runtime.clock import Clock
from workflow.runtime.duplicates import refused_as


def key_of_new(
    *, session: Session, scope: keys.Scope, typed: str | None, taken: Callable[[str], Conflict]
) -> str:
    """The key typed (refused if another item has it) or, without one, the scope's next."""
    key = (typed or "").strip()
    if not key:
        return keys.next_key(session=session, scope=scope)[1]
    # typed by hand: numbering skips it, a concurrent create waits for it (workflow.engine.keys)
    keys.hold(session=session, scope=scope, key=key)
    if session.scalar(select(scope.column).where(scope.column == key)):
        raise taken(key)
    return key


def insert(
    *,
    session: Session,
    item: Agreement | Convenio | Activity,
    taken: Callable[[str], Conflict],
    actor: Actor,
    clock: Clock,
    payload: dict[str, Any] | None = None,
) -> None:
    """Add the new item (a key another create took meanwhile is `taken`) and its «created» event."""
    with refused_as(session, lambda: taken(item.key)):
        session.add(item)
        session.flush()
    record(session=session, name="created", item=item, actor=actor, clock=clock, payload=payload)
    session.flush()
