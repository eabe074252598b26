"""Who may fire what (SPEC §3): `may_fire` and `allowed_events`, against the hand-written table."""

from __future__ import annotations

import pytest

from states import LIFECYCLES, Role, may_fire
from tests.states.spec_tables import TABLE, expected_may_fire

CASES = [
    pytest.param(name, event, role, responsible, id=f"{name}:{event}:{role}:{responsible}")
    for name in TABLE
    for event in TABLE[name]
    for role in Role
    for responsible in (True, False)
]


@pytest.mark.parametrize(("name", "event", "role", "responsible"), CASES)
def test_may_fire_follows_the_role_table(
    name: str, event: str, role: Role, responsible: bool
) -> None:
    spec = LIFECYCLES[name].event(event)
    assert spec is not None
    assert may_fire(spec, role, responsible=responsible) == expected_may_fire(
        name, event, role.value, responsible=responsible
    )


def test_area_head_may_start_and_report_only_on_own_agreements() -> None:
    agreement = LIFECYCLES["agreement"]
    assert agreement.allowed_events("approved", Role.area, True) == ["start", "report_fulfillment"]
    assert agreement.allowed_events("approved", Role.area, False) == []


def test_area_head_cannot_confirm_own_fulfilment() -> None:
    assert LIFECYCLES["agreement"].allowed_events("under_review", Role.area, True) == []


def test_secretariat_and_admin_see_every_event_of_the_state_but_expire() -> None:
    convenio = LIFECYCLES["convenio"]
    for role in (Role.secretariat, Role.admin):
        assert convenio.allowed_events("in_force", role, False) == [
            "extend",
            "conclude",
            "terminate",
        ]


def test_only_the_scheduled_check_may_expire_a_convenio() -> None:
    assert LIFECYCLES["convenio"].allowed_events("in_force", Role.system, False) == ["expire"]


@pytest.mark.parametrize("name", list(TABLE))
def test_members_and_anonymous_callers_fire_nothing(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    for state in lifecycle.states:
        assert lifecycle.allowed_events(state, Role.member, True) == []
        assert lifecycle.allowed_events(state, None, True) == []


@pytest.mark.parametrize("name", list(TABLE))
def test_allowed_events_are_those_the_table_allows_from_the_state(name: str) -> None:
    lifecycle = LIFECYCLES[name]
    for state in lifecycle.states:
        for role in Role:
            for responsible in (True, False):
                expected = [
                    event
                    for event, (sources, _, _, _) in TABLE[name].items()
                    if state in sources
                    and expected_may_fire(name, event, role.value, responsible=responsible)
                ]
                assert lifecycle.allowed_events(state, role, responsible) == expected
