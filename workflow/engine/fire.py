"""The one path that changes an item's state (DESIGN.md, "The one path that changes state").

Callers (routes, pages, CLI, checks, imports) never write `state`; they call `fire`, inside the
transaction of their request or job, which commits or rolls back everything together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from states import LIFECYCLES, Lifecycle, Role, TransitionRefused, may_fire
from states.lifecycle import missing_requirements
from states.roles import ROLE_LABELS
from states.vocabulary import EVENT_FIELDS
from workflow.engine.actors import Actor, is_responsible
from workflow.engine.errors import Invalid, NotPermitted, StaleVersion, TransitionNotAllowed
from workflow.engine.events import record
from workflow.models import Item, Transition
from workflow.runtime.clock import Clock
from workflow.runtime.metrics import FIRED


def fire(
    *,
    session: Session,
    item: Item,
    event: str,
    actor: Actor,
    clock: Clock,
    note: str | None = None,
    expected_version: int | None = None,
    data: Mapping[str, Any] | None = None,
) -> Transition:
    """Apply `event` to `item` for `actor`: checks, new state, history row and domain event.

    Raises `NotPermitted`, `StaleVersion`, `TransitionNotAllowed` or `Invalid`; on any error the
    caller's transaction must be rolled back, and then nothing of the event remains.
    """
    lifecycle = LIFECYCLES[item.kind]
    key = item.key  # read now: after a failed flush the row's attributes can no longer load
    spec = lifecycle.event(event)
    if spec is None:
        raise Invalid(
            f"«{event}» no es un evento de {lifecycle.label.lower()}; los eventos son: "
            + ", ".join(e.name for e in lifecycle.events)
            + ".",
            events=[e.name for e in lifecycle.events],
        )
    responsible = is_responsible(actor, item)
    if not may_fire(spec, actor.role, responsible=responsible):
        who = ", ".join(ROLE_LABELS[r].lower() for r in spec.roles)
        raise NotPermitted(
            f"No puede «{spec.label}» en {item.key}: le corresponde a {who}"
            + (" de un área responsable del asunto." if Role.area in spec.roles else ".")
        )
    if expected_version is not None and expected_version != item.version:
        raise _stale(item)
    try:
        dest = lifecycle.next_state(item.state, event)
    except TransitionRefused:
        raise _not_allowed(lifecycle, item, event, actor, responsible) from None

    values = {"note": note, **(data or {})}
    missing = missing_requirements(spec, values)
    if missing:
        raise Invalid(
            f"Para «{spec.label}» falta "
            + "; ".join(EVENT_FIELDS.get(m, m) for m in missing)
            + ".",
            missing=missing,
        )
    if spec.guard is not None:
        problem = spec.guard({f: getattr(item, f, None) for f in spec.sets}, values)
        if problem:
            raise Invalid(problem)

    from_state = item.state
    item.state = dest
    changed = {f: values[f] for f in (*spec.sets, *spec.optional_sets) if values.get(f) is not None}
    # What the event replaced, so a report as of an earlier day shows the value it then had.
    previous = {f: _jsonable(getattr(item, f, None)) for f in changed}
    for field, value in changed.items():
        setattr(item, field, value)
    if spec.progress is not None:
        item.progress = spec.progress  # type: ignore[union-attr]

    now = clock.now()
    record_data = {k: _jsonable(v) for k, v in changed.items()}
    transition = Transition(
        item_kind=item.kind,
        item_id=item.id,
        event=event,
        from_state=from_state,
        to_state=dest,
        actor_id=actor.user_id,
        actor_label=actor.label,
        note=note,
        data={**record_data, "previous": previous} if previous else record_data,
        at=now,
    )
    session.add(transition)
    record(
        session=session,
        name=event,
        item=item,
        actor=actor,
        clock=clock,
        payload={"from": from_state, "to": dest, "note": note, **record_data},
    )
    flush_or_stale(session, key)
    FIRED.labels(lifecycle.name, event).inc()
    return transition


def flush_or_stale(session: Session, key: str) -> None:
    """Flush; when another transaction changed the row first (its `version` moved on, so our
    UPDATE matched nothing), say so as `StaleVersion` instead of an internal error.

    After the failed flush the session must be rolled back and its rows cannot be read, so the
    message is built from `key`, read beforehand.
    """
    try:
        session.flush()
    except StaleDataError:
        raise StaleVersion(
            f"{key} cambió mientras usted lo editaba (otra persona lo modificó al mismo tiempo); "
            "recargue para ver los cambios y vuelva a intentarlo."
        ) from None


def check_version(item: Item, expected_version: int | None) -> None:
    """The `If-Match` rule for edits that are not events."""
    if expected_version is not None and expected_version != item.version:
        raise _stale(item)


def _stale(item: Item) -> StaleVersion:
    return StaleVersion(
        f"{item.key} cambió mientras usted lo editaba (versión {item.version}); "
        "recargue para ver los cambios y vuelva a intentarlo.",
        current_version=item.version,
    )


def _not_allowed(
    lifecycle: Lifecycle, item: Item, event: str, actor: Actor, responsible: bool
) -> TransitionNotAllowed:
    allowed = lifecycle.allowed_events(item.state, actor.role, responsible)
    label = lifecycle.state_label(item.state)
    spec = lifecycle.event(event)
    event_label = spec.label if spec else event
    return TransitionNotAllowed(
        f"No se puede «{event_label}» porque {item.key} está en estado «{label}». "
        + (
            "Eventos permitidos: " + ", ".join(allowed) + "."
            if allowed
            else "No hay eventos que usted pueda aplicar en este estado."
        ),
        state=item.state,
        state_label=label,
        allowed_events=allowed,
    )


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
