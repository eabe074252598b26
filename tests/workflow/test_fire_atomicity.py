"""When anything fails inside fire() after the state was set, nothing of the event survives.

These tests commit for real, so each backend gets a database of its own (`fresh`), and the
failure is injected with real SQLAlchemy event listeners or a real constraint violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, exc
from sqlalchemy.orm import Session

from states import Role
from tests.workflow.fresh import CLOCK, FreshDatabase, open_fresh
from workflow.engine.actors import Actor
from workflow.engine.fire import fire
from workflow.models import Agreement
from workflow.runtime.db import unit_of_work


class Boom(Exception):
    """The failure we inject."""


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fresh(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FreshDatabase]:
    yield from open_fresh(request.param, tmp_path_factory.mktemp("atomicity"))


@pytest.fixture
def agreement_id(fresh: FreshDatabase) -> int:
    with fresh.setup() as make:
        agreement = make.agreement([make.area()])
    return agreement.id


SECRETARIAT = Actor(role=Role.secretariat, user_id=None, area_id=None, label="Secretaría")


def fire_start(session: Session, agreement_id: int, actor: Actor = SECRETARIAT) -> None:
    agreement = session.get(Agreement, agreement_id)
    assert agreement is not None
    fire(session=session, item=agreement, event="start", actor=actor, clock=CLOCK)


def assert_untouched(fresh: FreshDatabase, agreement_id: int) -> None:
    assert fresh.agreement_row(agreement_id) == ("approved", 1, 0)
    assert fresh.history("agreement", agreement_id) == ([], ["agreement.created"])


def test_a_failure_before_the_rows_are_written_leaves_nothing(
    fresh: FreshDatabase, agreement_id: int
) -> None:
    def explode(session: Session, *_: Any) -> None:
        raise Boom("before_flush")

    with pytest.raises(Boom), unit_of_work(fresh.writers) as session:
        event.listen(session, "before_flush", explode)
        fire_start(session, agreement_id)
    assert_untouched(fresh, agreement_id)


def test_a_failure_after_the_rows_were_written_leaves_nothing(
    fresh: FreshDatabase, agreement_id: int
) -> None:
    def explode(session: Session, *_: Any) -> None:
        assert any(isinstance(o, Agreement) for o in session.dirty)
        raise Boom("after_flush: UPDATE and INSERTs already sent")

    with pytest.raises(Boom), unit_of_work(fresh.writers) as session:
        event.listen(session, "after_flush", explode)
        fire_start(session, agreement_id)
    assert_untouched(fresh, agreement_id)


def test_a_constraint_violation_leaves_nothing(fresh: FreshDatabase, agreement_id: int) -> None:
    """An actor whose account no longer exists: the transition's foreign key fails."""
    ghost = Actor(role=Role.secretariat, user_id=987_654, area_id=None, label="Cuenta borrada")
    with pytest.raises(exc.IntegrityError), unit_of_work(fresh.writers) as session:
        fire_start(session, agreement_id, actor=ghost)
    assert_untouched(fresh, agreement_id)


def test_a_failure_when_committing_leaves_nothing(fresh: FreshDatabase, agreement_id: int) -> None:
    def explode(session: Session) -> None:
        raise Boom("before_commit")

    with pytest.raises(Boom), unit_of_work(fresh.writers) as session:
        event.listen(session, "before_commit", explode)
        fire_start(session, agreement_id)
    assert_untouched(fresh, agreement_id)


def test_after_a_failure_the_same_event_can_be_fired_again(
    fresh: FreshDatabase, agreement_id: int
) -> None:
    def explode(session: Session, *_: Any) -> None:
        raise Boom

    with pytest.raises(Boom), unit_of_work(fresh.writers) as session:
        event.listen(session, "after_flush", explode)
        fire_start(session, agreement_id)
    with unit_of_work(fresh.writers) as session:
        fire_start(session, agreement_id)
    assert fresh.agreement_row(agreement_id) == ("in_progress", 2, 0)
    assert fresh.history("agreement", agreement_id) == (
        ["start"],
        ["agreement.created", "agreement.start"],
    )


def test_a_failure_in_the_middle_of_several_events_undoes_them_all(
    fresh: FreshDatabase, agreement_id: int
) -> None:
    """A unit of work is all or nothing, even across several events on one item."""
    with pytest.raises(Boom), unit_of_work(fresh.writers) as session:
        agreement = session.get(Agreement, agreement_id)
        assert agreement is not None
        fire(session=session, item=agreement, event="start", actor=SECRETARIAT, clock=CLOCK)
        fire(
            session=session,
            item=agreement,
            event="report_fulfillment",
            actor=SECRETARIAT,
            clock=CLOCK,
            note="Hecho",
        )
        raise Boom("after two events")
    assert_untouched(fresh, agreement_id)
