"""Which events take an item from the state it is in to the state a file says it is in.

A spreadsheet says «Cumplido» where the database says «Aprobado»; the history must still be a
sequence of real lifecycle events (report_fulfillment, then confirm), each fired through
`workflow.engine.fire.fire`. The lifecycle table is a small graph, so a breadth-first search over
(state, fields still to set) finds the shortest such sequence; ties go to the event listed
first in the table. Fields that only events set (a new deadline, the signing dates) count as
part of the goal, so a file that changes them is routed through the event that sets them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from states import EventSpec, Lifecycle
from states.lifecycle import STAY

Node = tuple[str, frozenset[str]]


def find_path(
    lifecycle: Lifecycle,
    start: str,
    goal: str,
    *,
    needed: frozenset[str] = frozenset(),
    usable: Callable[[EventSpec], bool] = lambda _e: True,
) -> list[EventSpec] | None:
    """The shortest list of events from `start` to `goal` that sets every field in `needed`.

    `[]` when nothing has to happen; None when no sequence of `usable` events gets there.
    """
    first: Node = (start, needed)
    came_from: dict[Node, tuple[Node, EventSpec] | None] = {first: None}
    queue = deque([first])
    while queue:
        node = queue.popleft()
        state, remaining = node
        if state == goal and not remaining:
            return _walk_back(came_from, node)
        for event in lifecycle.events_from(state):
            if not usable(event):
                continue
            dest = state if event.dest == STAY else event.dest
            left = remaining - set(event.sets) - set(event.optional_sets)
            nxt: Node = (dest, left)
            if nxt not in came_from:
                came_from[nxt] = (node, event)
                queue.append(nxt)
    return None


def _walk_back(came_from: dict[Node, tuple[Node, EventSpec] | None], node: Node) -> list[EventSpec]:
    path: list[EventSpec] = []
    step = came_from[node]
    while step is not None:
        node, event = step
        path.append(event)
        step = came_from[node]
    return path[::-1]


def setters(lifecycle: Lifecycle) -> frozenset[str]:
    """Fields that, once a record exists, only events of this lifecycle may change."""
    return frozenset(f for e in lifecycle.events for f in (*e.sets, *e.optional_sets))
