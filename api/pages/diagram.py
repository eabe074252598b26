"""The lifecycle diagram of a detail page, laid out on the server and drawn as inline SVG.

No JavaScript and no CDN: the states go in rows by their longest distance from the initial
state, the main path in the first column and the other end states beside it. Edges leaving the
current state are drawn in the accent colour, so a reader sees where the item can go next.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from states.lifecycle import STAY, Lifecycle

NODE_W = 190
NODE_H = 46
GAP_X = 70
GAP_Y = 34
MARGIN = 56
WRAP = 22


@dataclass
class Node:
    state: str
    label: str
    lines: list[str]
    x: float
    y: float
    current: bool
    final: bool


@dataclass
class Edge:
    source: str
    dest: str
    labels: list[str]
    path: str
    from_current: bool


@dataclass
class Diagram:
    title: str
    width: float
    height: float
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _wrap(label: str) -> list[str]:
    if len(label) <= WRAP:
        return [label]
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > WRAP:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def _layers(lc: Lifecycle, order: dict[str, int], pairs: list[tuple[str, str]]) -> dict[str, int]:
    """Longest distance from the initial state over the edges that go forward in display order."""
    layer = {s: 0 for s in lc.states}
    for _ in lc.states:
        for source, dest in pairs:
            if order[dest] > order[source]:
                layer[dest] = max(layer[dest], layer[source] + 1)
    return layer


def _path(a: Node, b: Node, back: bool) -> str:
    """An edge between two boxes: straight down, an arc beside the column, or across."""
    if a.x == b.x:
        if not back and b.y - a.y <= NODE_H + GAP_Y:
            return f"M{a.x + NODE_W / 2},{a.y + NODE_H} L{b.x + NODE_W / 2},{b.y - 2}"
        span = abs(b.y - a.y) / (NODE_H + GAP_Y)
        side, bulge = (a.x + NODE_W, 24 + 10 * span) if back else (a.x, -(24 + 10 * span))
        y1, y2 = a.y + NODE_H / 2, b.y + NODE_H / 2
        end = side + (3 if back else -3)
        return f"M{side},{y1} C{side + bulge},{y1} {side + bulge},{y2} {end},{y2}"
    x1, y1 = a.x + NODE_W, a.y + NODE_H / 2
    x2, y2 = b.x + NODE_W / 2, b.y - 2
    return f"M{x1},{y1} C{x2},{y1} {x2},{y1} {x2},{y2}"


def layout(lc: Lifecycle, current: str | None) -> Diagram:
    order = {s: i for i, s in enumerate(lc.states)}
    labels: dict[tuple[str, str], list[str]] = {}
    for event in lc.events:
        for source in event.sources:
            if event.dest != STAY and event.dest != source:
                labels.setdefault((source, event.dest), []).append(event.label)
    pairs = list(labels)
    layer = _layers(lc, order, pairs)
    columns: dict[int, int] = {}
    nodes: dict[str, Node] = {}
    for state, label in lc.states.items():
        col = columns.get(layer[state], 0)
        columns[layer[state]] = col + 1
        nodes[state] = Node(
            state=state,
            label=label,
            lines=_wrap(label),
            x=MARGIN + col * (NODE_W + GAP_X),
            y=MARGIN / 2 + layer[state] * (NODE_H + GAP_Y),
            current=state == current,
            final=lc.is_final(state),
        )
    edges = [
        Edge(
            source=s,
            dest=d,
            labels=labels[(s, d)],
            path=_path(nodes[s], nodes[d], back=order[d] < order[s]),
            from_current=s == current,
        )
        for s, d in pairs
    ]
    edges.sort(key=lambda e: e.from_current)  # highlighted edges drawn last, on top
    width = MARGIN * 2 + max(columns.values()) * (NODE_W + GAP_X) - GAP_X
    height = MARGIN + (max(layer.values()) + 1) * (NODE_H + GAP_Y) - GAP_Y
    current_label = lc.state_label(current) if current else ""
    title = f"Ciclo de vida: {lc.label.lower()}" + (
        f"; estado actual: {current_label}" if current else ""
    )
    return Diagram(title=title, width=width, height=height, nodes=list(nodes.values()), edges=edges)
