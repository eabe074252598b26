"""The lifecycle side of one row: the events that bring its record to the state the file gives,
the data each event needs, the progress left to record, or why no honest sequence exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from states import EventSpec, Lifecycle, may_fire
from workflow.engine.actors import Actor
from workflow.spreadsheets.columns import Kind
from workflow.spreadsheets.row_plan import RowPlan
from workflow.spreadsheets.state_paths import find_path, setters

Finding = tuple[str, str, str | None]
"""(column name, what is wrong, what was expected)."""

SYSTEM_RULES: dict[str, Callable[[Mapping[str, Any], date], bool]] = {
    "expire": lambda values, today: (
        values.get("valid_until") is not None and values["valid_until"] < today
    ),
}
"""Events only the scheduled checks fire, with the condition under which the check would. An
import records them (as the system, acting for the import) only when that condition holds."""

AT_CREATION: dict[str, frozenset[str]] = {"agreements": frozenset({"deadline"})}
"""Fields that events change later but the create function sets directly (an agreement's first
deadline)."""


def plan_events(kind: Kind, plan: RowPlan, actor: Actor, today: date) -> list[Finding]:
    """Fill `plan.events` and `plan.progress`; return the problems that prevent it."""
    lifecycle = kind.lifecycle
    assert lifecycle is not None
    item = plan.item
    fields = setters(lifecycle)
    current = {f: getattr(item, f, None) if item is not None else None for f in fields}
    given = {
        c.name: plan.values[c.name]
        for c in kind.columns
        if c.role == "event" and c.name in plan.values
    }
    if item is None:
        for f in AT_CREATION.get(kind.name, frozenset()) & given.keys():
            current[f] = given.pop(f)
    needed = frozenset(f for f, v in given.items() if v != current.get(f))
    values = {**current, **given}
    start = item.state if item is not None else lifecycle.initial
    target = plan.values.get("state", start)

    def may(event: EventSpec) -> bool:
        if may_fire(event, actor.role, responsible=True):
            return True
        rule = SYSTEM_RULES.get(event.name)
        return rule is not None and rule(values, today)

    def usable(event: EventSpec) -> bool:
        return may(event) and all(values.get(r) is not None for r in event.requires if r != "note")

    path = find_path(lifecycle, start, target, needed=needed, usable=usable)
    if path is None:
        return [_diagnose(kind, lifecycle, (start, target), needed, (may, usable), values, current)]
    findings: list[Finding] = []
    simulated = dict(current)
    progress = item.progress if item is not None else 0
    for event in path:
        data = {
            f: values[f]
            for f in (*event.requires, *event.sets, *event.optional_sets)
            if f != "note" and values.get(f) is not None
        }
        if event.guard is not None:
            refused = event.guard({f: simulated.get(f) for f in event.sets}, data)
            if refused:
                findings.append((event.sets[0] if event.sets else "state", refused, None))
        simulated.update({f: data[f] for f in event.sets if f in data})
        if event.progress is not None:
            progress = event.progress
        plan.events.append((event, data))
    wanted = plan.values.get("progress")
    if wanted is not None and wanted != progress:
        plan.progress = wanted
    return findings


def _diagnose(
    kind: Kind,
    lifecycle: Lifecycle,
    states: tuple[str, str],
    needed: frozenset[str],
    tests: tuple[Callable[[EventSpec], bool], Callable[[EventSpec], bool]],
    values: Mapping[str, Any],
    current: Mapping[str, Any],
) -> Finding:
    """Say which of the three reasons applies: the state, missing data, or a field."""
    (start, target), (may, usable) = states, tests
    label = lifecycle.state_label
    what = kind.singular
    by_role = find_path(lifecycle, start, target, usable=may)
    if by_role is None:
        if lifecycle.is_final(start):
            return (
                "state",
                f"el {what} está en «{label(start)}», un estado final: ya no cambia de estado",
                f"«{label(start)}»",
            )
        reachable = [
            label(s)
            for s in lifecycle.states
            if find_path(lifecycle, start, s, usable=may) is not None
        ]
        return (
            "state",
            f"no hay eventos que lleven un {what} de «{label(start)}» a «{label(target)}»",
            "uno de estos estados: " + ", ".join(reachable),
        )
    if find_path(lifecycle, start, target, usable=usable) is None:
        missing = [
            kind.column(r).header
            for e in by_role
            for r in e.requires
            if r != "note" and values.get(r) is None and r in {c.name for c in kind.columns}
        ]
        unique = list(dict.fromkeys(missing))
        return (
            "state",
            f"para dejar el {what} en «{label(target)}» hace falta "
            + ", ".join(f"«{h}»" for h in unique),
            "esas columnas llenas en esta fila",
        )
    blocked = [
        c.name
        for c in kind.columns
        if c.name in needed
        and find_path(lifecycle, start, target, needed=frozenset({c.name}), usable=usable) is None
    ]
    field = blocked[0] if blocked else min(needed)
    changers = [e for e in lifecycle.events if field in (*e.sets, *e.optional_sets)]
    how = "; ".join(f"«{e.label}», en {', '.join(label(s) for s in e.sources)}" for e in changers)
    registered = current.get(field)
    return (
        field,
        f"no puede cambiar en un {what} que queda en «{label(target)}»: solo lo cambia {how}",
        f"el valor registrado ({registered:%d/%m/%Y})"
        if isinstance(registered, date)
        else "la celda vacía",
    )
