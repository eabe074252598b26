"""A lifecycle declared as data, and the one `transitions.Machine` that decides its moves.

Each lifecycle module (agreement, convenio, activity, minutes) builds one `Lifecycle` at import.
The machine is shared and answers for an item through one stand-in token set to the item's
state for the length of one event, so no ORM row ever carries machine methods and a scan never
builds a machine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from transitions import Machine, MachineError

from states.roles import Role

Guard = Callable[[Mapping[str, Any], Mapping[str, Any]], str | None]
"""(current item values, event data) -> a Spanish sentence when the event must be refused."""

STAY = "="
"""Destination of an event that keeps the state (reschedule, extend)."""

RESPONSIBLE_AREA = Role.area
"""In an event's `roles`, `area` means: a person of an area responsible for the item."""


@dataclass(frozen=True)
class EventSpec:
    """One row of a lifecycle table."""

    name: str
    label: str
    sources: tuple[str, ...]
    dest: str
    roles: tuple[Role, ...]
    requires: tuple[str, ...] = ()
    """Data fields that must be present and non-empty (e.g. `note`, `deadline`)."""
    sets: tuple[str, ...] = ()
    """Data fields copied onto the item when the event happens (e.g. a new `deadline`)."""
    optional_sets: tuple[str, ...] = ()
    """Data fields copied onto the item only when given."""
    progress: int | None = None
    """Progress the item takes when the event happens (e.g. 100 on fulfilment)."""
    guard: Guard | None = None
    said: str = ""
    """What happened, as a report or a message says it: a sentence with `{quien}` (who did it,
    e.g. «La UTVOE») and `{fecha}` (a long Spanish date), never the event's name or a person's
    title. See `states.sentences.sentence`."""


class TransitionRefused(Exception):
    """The event is not allowed from the current state."""

    def __init__(self, lifecycle: Lifecycle, state: str, event: str) -> None:
        self.lifecycle = lifecycle
        self.state = state
        self.event = event
        super().__init__(f"{event} not allowed from {state}")


class _Token:
    """The one stand-in bound to a lifecycle's machine: set to an item's state, asked where an
    event leads, read back. No ORM row is ever bound, and a scan never builds a machine."""

    def __init__(self) -> None:
        self.state = ""


@dataclass
class Lifecycle:
    """States, events, labels, roles and guards of one kind of item."""

    name: str
    label: str
    states: dict[str, str]
    """State id -> Spanish label, in display order."""
    initial: str
    final: frozenset[str]
    events: tuple[EventSpec, ...]
    waits_on: Mapping[str, Role] = field(default_factory=dict)
    """Open state -> who must act next: the responsible area (`Role.area`) or the secretariat.
    A state absent here waits on nobody (final, or only a scheduled check moves it). Reminders
    go to that person, and the area's pending work leaves out what waits on the secretariat."""
    _machine: Machine = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _by_name: dict[str, EventSpec] = field(init=False, repr=False)
    _token: _Token = field(init=False, repr=False, default_factory=_Token)

    def __post_init__(self) -> None:
        self._by_name = {e.name: e for e in self.events}
        wrong = [s for s in self.waits_on if s not in self.states or s in self.final]
        if wrong:
            raise ValueError(f"{self.name}: waits_on names states that are not open: {wrong}")
        self._machine = Machine(
            model=self._token,
            states=list(self.states),
            transitions=self.machine_transitions(),
            initial=self.initial,
            auto_transitions=False,
            model_attribute="state",
        )

    def machine_transitions(self) -> list[dict[str, Any]]:
        """The table in the form `transitions` takes."""
        return [{"trigger": e.name, "source": list(e.sources), "dest": e.dest} for e in self.events]

    def event(self, name: str) -> EventSpec | None:
        return self._by_name.get(name)

    def state_label(self, state: str) -> str:
        return self.states.get(state, state)

    def waiting_on(self, state: str) -> Role | None:
        """Who must act next on an item in `state` (None: nobody)."""
        return self.waits_on.get(state)

    def states_waiting_on(self, role: Role) -> list[str]:
        """The states in which an item waits on `role`, in display order (for SQL `IN`)."""
        return [s for s in self.states if self.waits_on.get(s) == role]

    def is_final(self, state: str) -> bool:
        return state in self.final

    def open_states(self) -> list[str]:
        return [s for s in self.states if s not in self.final]

    def events_from(self, state: str) -> list[EventSpec]:
        """The events the machine offers from `state`, in table order (none from an unknown one)."""
        return [self._by_name[name] for name in self._machine.get_triggers(state)]

    def allowed_events(self, state: str, role: Role | None, responsible: bool) -> list[str]:
        """Events this role may fire on an item in `state` (area roles only when responsible)."""
        if role is None:
            return []
        return [
            e.name for e in self.events_from(state) if may_fire(e, role, responsible=responsible)
        ]

    def next_state(self, state: str, event: str) -> str:
        """Ask the machine where `event` leads from `state`; `TransitionRefused` if nowhere."""
        if event not in self._by_name:
            raise TransitionRefused(self, state, event)
        if state not in self.states:
            raise TransitionRefused(self, state, event)
        token = self._token
        with self._lock:  # one token, so one decision at a time
            self._machine.set_state(state, model=token)
            try:
                token.trigger(event)  # type: ignore[attr-defined]
            except MachineError as exc:
                raise TransitionRefused(self, state, event) from exc
            return token.state

    def mermaid(self, current: str | None = None) -> str:
        """The lifecycle as a Mermaid state diagram, with `current` highlighted."""
        lines = ["stateDiagram-v2"]
        for state, label in self.states.items():
            lines.append(f"    {state}: {label}")
        lines.append(f"    [*] --> {self.initial}")
        for e in self.events:
            for source in e.sources:
                dest = source if e.dest == STAY else e.dest
                lines.append(f"    {source} --> {dest}: {e.label}")
        for state in sorted(self.final):
            lines.append(f"    {state} --> [*]")
        if current in self.states:
            lines.append("    classDef current fill:#ffd866,stroke:#7a5c00,stroke-width:3px")
            lines.append(f"    class {current} current")
        return "\n".join(lines)


def may_fire(event: EventSpec, role: Role, *, responsible: bool) -> bool:
    """Role rule of SPEC §3: admin may do what the secretariat may; areas only on their items."""
    if role in event.roles:
        return role != RESPONSIBLE_AREA or responsible
    return role == Role.admin and Role.secretariat in event.roles


def missing_requirements(event: EventSpec, data: Mapping[str, Any]) -> list[str]:
    """Required data fields that are absent or blank."""
    missing = []
    for name in event.requires:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing
