"""Every allowed and every forbidden event of each lifecycle, checked against SPEC §2."""

from __future__ import annotations

import pytest

from states import LIFECYCLES, Lifecycle, TransitionRefused
from states.lifecycle import STAY, missing_requirements
from tests.states.spec_tables import FINAL, INITIAL, LABELS, TABLE, expected_next

CASES = [
    pytest.param(name, state, event, id=f"{name}:{state}:{event}")
    for name, lifecycle in LIFECYCLES.items()
    for state in lifecycle.states
    for event in [*TABLE[name], "no_such_event"]
]


def test_the_four_lifecycles_of_the_spec_exist() -> None:
    assert set(LIFECYCLES) == set(TABLE)


@pytest.mark.parametrize("name", list(TABLE))
def test_states_labels_initial_and_final_match_the_spec(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    assert lifecycle.states == LABELS[name]
    assert lifecycle.initial == INITIAL[name]
    assert set(lifecycle.final) == FINAL[name]
    assert lifecycle.open_states() == [s for s in LABELS[name] if s not in FINAL[name]]


@pytest.mark.parametrize("name", list(TABLE))
def test_events_roles_and_requirements_match_the_spec(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    assert [e.name for e in lifecycle.events] == list(TABLE[name])
    for event in lifecycle.events:
        sources, dest, roles, requires = TABLE[name][event.name]
        assert set(event.sources) == sources, event.name
        assert event.dest == (dest or STAY), event.name
        assert {r.value for r in event.roles} == roles, event.name
        assert set(event.requires) == requires, event.name
        assert event.label and event.label[0].isupper(), "every event has a Spanish label"


@pytest.mark.parametrize(("name", "state", "event"), CASES)
def test_next_state_follows_the_table_or_refuses(name: str, state: str, event: str) -> None:
    lifecycle = LIFECYCLES[name]
    expected = expected_next(name, state, event)
    if expected is None:
        with pytest.raises(TransitionRefused) as refused:
            lifecycle.next_state(state, event)
        assert (refused.value.state, refused.value.event) == (state, event)
    else:
        assert lifecycle.next_state(state, event) == expected


@pytest.mark.parametrize("name", list(TABLE))
def test_final_states_have_no_way_out_except_reopening_an_activity(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    for state in lifecycle.final:
        leaving = [e.name for e in lifecycle.events_from(state)]
        assert leaving == (["reopen"] if (name, state) == ("activity", "done") else [])


def test_the_shared_machine_never_accumulates_models() -> None:
    """Only the lifecycle's own stand-in token is ever bound: questions leave nothing behind."""
    lifecycle: Lifecycle = LIFECYCLES["agreement"]
    for _ in range(50):
        lifecycle.next_state("approved", "start")
        with pytest.raises(TransitionRefused):
            lifecycle.next_state("fulfilled", "start")
    assert lifecycle._machine.models == [lifecycle._token]


@pytest.mark.parametrize("blank", [None, "", "   ", "\n\t"])
def test_a_blank_note_counts_as_missing(blank: str | None) -> None:
    cancel = LIFECYCLES["agreement"].event("cancel")
    assert cancel is not None
    assert missing_requirements(cancel, {"note": blank}) == ["note"]
    assert missing_requirements(cancel, {"note": "Superado por el acuerdo X"}) == []


def test_reschedule_needs_both_a_deadline_and_a_note() -> None:
    reschedule = LIFECYCLES["agreement"].event("reschedule")
    assert reschedule is not None
    assert missing_requirements(reschedule, {}) == ["deadline", "note"]
