"""Optimistic locking: a stale `version` is refused, and two people firing at once never both win.

The concurrency tests open two real connections to a database of their own, one per thread,
as two API requests would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import Factory
from tests.workflow.fresh import CLOCK, FreshDatabase, open_fresh
from workflow.engine import editing
from workflow.engine.actors import Actor
from workflow.engine.errors import StaleVersion, TransitionNotAllowed
from workflow.engine.fire import fire
from workflow.models import Agreement, DomainEvent, Transition
from workflow.runtime.clock import Clock

# --- the rule, in the test's own transaction -------------------------------------------------


def test_firing_with_the_version_last_seen_succeeds_and_bumps_it(
    session: Session, clock: Clock, make: Factory
) -> None:
    agreement = make.agreement([make.area()])
    secretariat = make.person("secretariat").actor
    assert agreement.version == 1
    fire(
        session=session,
        item=agreement,
        event="start",
        actor=secretariat,
        clock=clock,
        expected_version=1,
    )
    assert agreement.version == 2


def test_firing_with_a_stale_version_is_refused_and_changes_nothing(
    session: Session, clock: Clock, make: Factory
) -> None:
    agreement = make.agreement([make.area()])
    secretariat = make.person("secretariat").actor
    fire(session=session, item=agreement, event="start", actor=secretariat, clock=clock)
    with pytest.raises(StaleVersion) as stale, session.begin_nested():
        fire(
            session=session,
            item=agreement,
            event="report_fulfillment",
            actor=secretariat,
            clock=clock,
            note="Hecho",
            expected_version=1,
        )
    assert stale.value.extra["current_version"] == 2
    assert "recargue" in stale.value.detail and agreement.key in stale.value.detail
    session.refresh(agreement)
    assert (agreement.state, agreement.version) == ("in_progress", 2)
    assert _transitions(session, agreement.id) == ["start"]


def test_editing_with_a_stale_version_is_refused(
    session: Session, clock: Clock, make: Factory
) -> None:
    agreement = make.agreement([make.area()], title="Original")
    secretariat = make.person("secretariat").actor
    editing.edit(
        session=session,
        actor=secretariat,
        clock=clock,
        item=agreement,
        changes={"title": "Primera edición"},
        expected_version=1,
    )
    assert agreement.version == 2
    with pytest.raises(StaleVersion), session.begin_nested():
        editing.edit(
            session=session,
            actor=secretariat,
            clock=clock,
            item=agreement,
            changes={"title": "Segunda edición"},
            expected_version=1,
        )
    session.refresh(agreement)
    assert (agreement.title, agreement.version) == ("Primera edición", 2)


def test_every_kind_of_item_bumps_its_version_on_each_event(
    session: Session, clock: Clock, make: Factory
) -> None:
    secretariat = make.person("secretariat").actor
    area = make.area()
    convenio = make.convenio([area])
    activity = make.activity(area)
    minutes = make.meeting(day=date(2024, 4, 26)).minutes
    later = make.meeting(day=date(2024, 5, 24))
    fire(session=session, item=convenio, event="submit_review", actor=secretariat, clock=clock)
    fire(session=session, item=activity, event="start", actor=secretariat, clock=clock)
    fire(
        session=session,
        item=minutes,
        event="approve",
        actor=secretariat,
        clock=clock,
        data={"approved_in_id": later.id},
    )
    assert (convenio.version, activity.version, minutes.version) == (2, 2, 2)


def _transitions(session: Session, agreement_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Transition.event)
            .where(Transition.item_kind == "agreement", Transition.item_id == agreement_id)
            .order_by(Transition.id)
        )
    )


# --- two people at once, on real connections -------------------------------------------------


@pytest.fixture(scope="module")
def fresh_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshDatabase]:
    yield from open_fresh("sqlite", tmp_path_factory.mktemp("locking"))


@pytest.fixture(scope="module")
def fresh_postgresql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreshDatabase]:
    yield from open_fresh("postgresql", tmp_path_factory.mktemp("locking"))


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request: pytest.FixtureRequest) -> FreshDatabase:
    database: FreshDatabase = request.getfixturevalue(f"fresh_{request.param}")
    return database


@dataclass
class Race:
    agreement_id: int
    area_head: Actor
    secretariat: Actor


def new_race(fresh: FreshDatabase) -> Race:
    """An agreement in `approved`, its area head and a secretariat person, committed."""
    with fresh.setup() as make:
        area = make.area()
        agreement = make.agreement([area])
        race = Race(
            agreement_id=agreement.id,
            area_head=make.person("area", area).actor,
            secretariat=make.person("secretariat").actor,
        )
    return race


@pytest.fixture
def race(fresh: FreshDatabase) -> Race:
    return new_race(fresh)


@dataclass
class Outcome:
    """What each of the two callers saw."""

    results: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str) -> None:
        with self.lock:
            self.results.append(what)


def run_two(target: Callable[[int, Outcome], None]) -> list[str]:
    outcome = Outcome()
    threads = [threading.Thread(target=target, args=(i, outcome)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a caller never came back"
    return sorted(outcome.results)


def fire_in_own_session(
    fresh: FreshDatabase,
    race: Race,
    actor: Actor,
    event: str,
    outcome: Outcome,
    *,
    before_fire: threading.Barrier | None = None,
    before_load: threading.Barrier | None = None,
    expected_version: int | None = None,
) -> None:
    """One API request: its own session and connection; commit on success, roll back on error."""
    session = fresh.writers()
    try:
        if before_load is not None:
            before_load.wait(timeout=30)
        agreement = session.get(Agreement, race.agreement_id)
        assert agreement is not None
        if before_fire is not None:
            before_fire.wait(timeout=30)
        fire(
            session=session,
            item=agreement,
            event=event,
            actor=actor,
            clock=CLOCK,
            note="Informe",
            expected_version=expected_version,
        )
        session.commit()
        outcome.add("ok")
    except StaleVersion as exc:
        session.rollback()
        assert "recargue" in exc.detail
        outcome.add("stale")
    except TransitionNotAllowed as exc:
        session.rollback()
        assert exc.extra["state"] != "approved"
        outcome.add("not_allowed")
    except BaseException as exc:
        session.rollback()
        outcome.add(f"error: {type(exc).__name__}: {exc}")
    finally:
        session.close()


def assert_one_event_written(fresh: FreshDatabase, race: Race, winner_event: str) -> None:
    transitions, events = fresh.history("agreement", race.agreement_id)
    assert transitions == [winner_event]
    assert events == ["agreement.created", f"agreement.{winner_event}"]
    state, version, _ = fresh.agreement_row(race.agreement_id)
    assert version == 2
    assert state == {"start": "in_progress", "report_fulfillment": "under_review"}[winner_event]


def test_two_requests_with_the_same_if_match_one_wins_the_other_is_told_it_is_stale(
    fresh: FreshDatabase, race: Race
) -> None:
    """Both people saw version 1 and send it (If-Match); on both backends one wins."""
    barrier = threading.Barrier(2)
    actors = [race.area_head, race.secretariat]

    def request(i: int, outcome: Outcome) -> None:
        fire_in_own_session(
            fresh, race, actors[i], "start", outcome, before_load=barrier, expected_version=1
        )

    assert run_two(request) == ["ok", "stale"]
    assert_one_event_written(fresh, race, "start")


def test_two_requests_without_if_match_one_wins_the_other_gets_a_clear_refusal(
    fresh: FreshDatabase, race: Race
) -> None:
    """Without If-Match the loser either reads the new state (409) or loses the row (412)."""
    barrier = threading.Barrier(2)

    def request(i: int, outcome: Outcome) -> None:
        actor = race.area_head if i == 0 else race.secretariat
        fire_in_own_session(fresh, race, actor, "start", outcome, before_load=barrier)

    results = run_two(request)
    assert results in (["not_allowed", "ok"], ["ok", "stale"]), results
    assert_one_event_written(fresh, race, "start")


def test_postgres_two_sessions_that_both_loaded_the_row_exactly_one_wins(
    fresh_postgresql: FreshDatabase,
) -> None:
    """Both sessions hold version 1 in memory when they fire different events at once: the
    version column makes the second UPDATE match no row, and that caller gets StaleVersion.
    (SQLite writers take the write lock when they begin, so they can never both hold the row.)
    """
    fresh = fresh_postgresql
    race = new_race(fresh)
    barrier = threading.Barrier(2)
    events = ["start", "report_fulfillment"]

    def request(i: int, outcome: Outcome) -> None:
        fire_in_own_session(fresh, race, race.secretariat, events[i], outcome, before_fire=barrier)

    assert run_two(request) == ["ok", "stale"]
    transitions, _ = fresh.history("agreement", race.agreement_id)
    assert len(transitions) == 1
    assert_one_event_written(fresh, race, transitions[0])


def test_sqlite_a_second_writer_waits_for_the_first_instead_of_failing(
    fresh_sqlite: FreshDatabase,
) -> None:
    """Two writers in sequence order: the second begins only after the first committed and
    sees its result, so the area head's report lands on the started agreement."""
    fresh = fresh_sqlite
    race = new_race(fresh)
    first_loaded = threading.Event()
    release_first = threading.Event()
    outcome = Outcome()

    def first() -> None:
        session = fresh.writers()
        try:
            agreement = session.get(Agreement, race.agreement_id)
            assert agreement is not None
            first_loaded.set()
            release_first.wait(timeout=30)
            actor = race.secretariat
            fire(session=session, item=agreement, event="start", actor=actor, clock=CLOCK)
            session.commit()
            outcome.add("first ok")
        finally:
            session.close()

    def second() -> None:
        first_loaded.wait(timeout=30)
        fire_in_own_session(fresh, race, race.area_head, "report_fulfillment", outcome)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_loaded.wait(timeout=30)
    release_first.set()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcome.results) == ["first ok", "ok"]
    transitions, _ = fresh.history("agreement", race.agreement_id)
    assert transitions == ["start", "report_fulfillment"]


def test_many_racing_requests_leave_no_orphan_rows(fresh: FreshDatabase, race: Race) -> None:
    """Eight callers fire `start` at once: one transition, one domain event, nothing else."""
    before = fresh.count_all()
    barrier = threading.Barrier(8)
    outcome = Outcome()

    def request() -> None:
        fire_in_own_session(
            fresh, race, race.secretariat, "start", outcome, before_load=barrier, expected_version=1
        )

    threads = [threading.Thread(target=request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcome.results) == ["ok"] + ["stale"] * 7
    after = fresh.count_all()
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)
    with fresh.readers() as s:
        assert s.scalar(select(func.count()).select_from(DomainEvent)) == after[1]
