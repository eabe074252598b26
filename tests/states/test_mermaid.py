"""Each lifecycle draws itself as a Mermaid state diagram with the current state marked."""

from __future__ import annotations

import re

import pytest

from states import LIFECYCLES
from tests.states.spec_tables import LABELS, TABLE


@pytest.mark.parametrize("name", list(TABLE))
def test_diagram_names_every_state_with_its_label(name: str) -> None:
    diagram = LIFECYCLES[name].mermaid()
    assert diagram.startswith("stateDiagram-v2\n")
    for state, label in LABELS[name].items():
        assert f"    {state}: {label}" in diagram.splitlines()


@pytest.mark.parametrize("name", list(TABLE))
def test_diagram_draws_every_transition_of_the_table(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    arrows = set(re.findall(r"^\s+(\w+) --> (\w+): (.+)$", lifecycle.mermaid(), re.MULTILINE))
    for event, (sources, dest, _, _) in TABLE[name].items():
        spec = lifecycle.event(event)
        assert spec is not None
        for source in sources:
            assert (source, dest or source, spec.label) in arrows


@pytest.mark.parametrize("name", list(TABLE))
def test_diagram_marks_the_current_state_and_only_it(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    for state in lifecycle.states:
        diagram = lifecycle.mermaid(current=state)
        assert re.findall(r"^\s+class (\w+) current$", diagram, re.MULTILINE) == [state]


def test_diagram_without_a_current_state_marks_nothing() -> None:
    diagram = LIFECYCLES["agreement"].mermaid()
    assert "class " not in diagram
    assert LIFECYCLES["agreement"].mermaid(current="no_such_state") == diagram


def test_diagram_shows_where_it_starts_and_ends() -> None:
    diagram = LIFECYCLES["agreement"].mermaid().splitlines()
    assert "    [*] --> approved" in diagram
    assert "    fulfilled --> [*]" in diagram
    assert "    cancelled --> [*]" in diagram
