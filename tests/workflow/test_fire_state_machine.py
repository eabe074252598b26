"""Random walks through each lifecycle, fired through `workflow.engine.fire.fire` on a real row.

A hypothesis state machine picks an event, a person (every role, own area or another) and
whether the required data is given, fires it inside a savepoint, and compares the outcome with a
pure model built from SPEC §2–3 (`spec_tables`): the state in the database always matches the
model, every success appends exactly one `Transition` and one `DomainEvent` and bumps `version`
by one, and every refusal (with the error the model predicts) leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from states import LIFECYCLES
from tests.factories import Factory
from tests.states.spec_tables import TABLE, expected_may_fire, expected_next
from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid, NotPermitted, StaleVersion, TransitionNotAllowed
from workflow.engine.fire import fire
from workflow.models import ITEM_MODELS, Area, DomainEvent, Item, Meeting, Transition
from workflow.runtime.clock import Clock

WHO = ("admin", "secretariat", "own_area", "other_area", "member", "system")


@dataclass
class World:
    """What every example of one test shares: the session, people and a later meeting."""

    session: Session
    make: Factory
    clock: Clock
    actors: dict[str, Actor]
    own_area: Area
    later_meeting: Meeting

    def new_item(self, lifecycle: str) -> Item:
        own = self.own_area
        if lifecycle == "agreement":
            return self.make.agreement([own], deadline=date(2024, 6, 30))
        if lifecycle == "convenio":
            return self.make.convenio([own])
        if lifecycle == "activity":
            return self.make.activity(own, due_date=date(2024, 6, 30))
        return self.make.meeting(day=date(2024, 4, 26)).minutes


def role_of(who: str) -> str:
    return {"own_area": "area", "other_area": "area"}.get(who, who)


def complete_data(lifecycle: str, event: str, item: Item, later_meeting: Meeting) -> dict[str, Any]:
    """Data that satisfies every requirement and guard of `event` on `item`."""
    if event == "reschedule":
        return {"deadline": (getattr(item, "deadline", None) or date(2024, 6, 1)) + timedelta(1)}
    if event == "sign":
        return {
            "signed_on": date(2024, 1, 15),
            "valid_from": date(2024, 1, 15),
            "valid_until": date(2024, 12, 31),
        }
    if event == "extend":
        current = getattr(item, "valid_until", None) or date(2024, 12, 31)
        return {"valid_until": current + timedelta(days=30)}
    if lifecycle == "minutes" and event == "approve":
        return {"approved_in_id": later_meeting.id}
    return {}


def machine_for(lifecycle: str, world: World) -> type[RuleBasedStateMachine]:
    table = TABLE[lifecycle]
    model_cls = ITEM_MODELS[lifecycle]

    class FireMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.item = world.new_item(lifecycle)
            world.session.flush()
            self.state = LIFECYCLES[lifecycle].initial
            self.version = self.item.version
            self.transitions = self.events = 0
            self.events = self.count(DomainEvent)

        def count(self, model: type[Transition] | type[DomainEvent]) -> int:
            return (
                world.session.scalar(
                    select(func.count())
                    .select_from(model)
                    .where(model.item_kind == lifecycle, model.item_id == self.item.id)
                )
                or 0
            )

        @rule(
            event=st.sampled_from([*table, "no_such_event"]),
            who=st.sampled_from(WHO),
            complete=st.booleans(),
            stale=st.booleans(),
        )
        def fire_event(self, event: str, who: str, complete: bool, stale: bool) -> None:
            data = (
                complete_data(lifecycle, event, self.item, world.later_meeting) if complete else {}
            )
            note = "Nota de la prueba" if complete else None
            expected = self.predict(event, who, complete, stale)
            savepoint = world.session.begin_nested()
            try:
                fire(
                    session=world.session,
                    item=self.item,
                    event=event,
                    actor=world.actors[who],
                    clock=world.clock,
                    note=note,
                    expected_version=self.version - 1 if stale else self.version,
                    data=data,
                )
            except (Invalid, NotPermitted, StaleVersion, TransitionNotAllowed) as exc:
                savepoint.rollback()
                assert type(exc) is expected, (event, who, complete, stale, exc.detail)
            else:
                savepoint.commit()
                assert expected is None, (event, who, complete, stale)
                self.state = expected_next(lifecycle, self.state, event) or self.state
                self.version += 1
                self.transitions += 1
                self.events += 1

        def predict(self, event: str, who: str, complete: bool, stale: bool) -> type | None:
            """The error fire() must raise (checks in the order of DESIGN.md), or None."""
            if event not in table:
                return Invalid
            if not expected_may_fire(lifecycle, event, role_of(who), responsible=who == "own_area"):
                return NotPermitted
            if stale:
                return StaleVersion
            if expected_next(lifecycle, self.state, event) is None:
                return TransitionNotAllowed
            if not complete and table[event][3]:
                return Invalid
            return None

        @invariant()
        def database_matches_the_model(self) -> None:
            row = world.session.execute(
                select(model_cls.state, model_cls.version).where(model_cls.id == self.item.id)
            ).one()
            assert tuple(row) == (self.state, self.version)
            assert self.count(Transition) == self.transitions
            assert self.count(DomainEvent) == self.events

        @invariant()
        def history_chains_from_the_initial_state(self) -> None:
            rows = world.session.scalars(
                select(Transition)
                .where(Transition.item_kind == lifecycle, Transition.item_id == self.item.id)
                .order_by(Transition.id)
            ).all()
            state = LIFECYCLES[lifecycle].initial
            for t in rows:
                assert t.from_state == state
                assert expected_next(lifecycle, state, t.event) == t.to_state
                state = t.to_state
            assert state == self.state

    return FireMachine


@pytest.mark.parametrize("lifecycle", list(TABLE))
def test_random_events_keep_database_history_and_model_in_step(
    lifecycle: str, session: Session, make: Factory, clock: Clock
) -> None:
    own, other = make.area(), make.area()
    actors = {
        "admin": make.person("admin").actor,
        "secretariat": make.person("secretariat").actor,
        "own_area": make.person("area", own).actor,
        "other_area": make.person("area", other).actor,
        "member": make.person("member").actor,
        "system": Actor.system(),
    }
    world = World(
        session=session,
        make=make,
        clock=clock,
        actors=actors,
        own_area=own,
        later_meeting=make.meeting(day=date(2024, 5, 24)),
    )
    run_state_machine_as_test(
        machine_for(lifecycle, world),
        settings=settings(
            max_examples=20,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )
