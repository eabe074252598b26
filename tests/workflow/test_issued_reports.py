"""Issued versions of a follow-up report in the database: two people issuing at once get two
numbers (never one number twice, never an error), and a stored version cannot be changed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.factories import Factory
from tests.workflow.fresh import CLOCK, FreshDatabase, open_fresh
from workflow.engine.actors import Actor
from workflow.models import IssuedReport
from workflow.reports import issued
from workflow.runtime.db import unit_of_work

FILES = issued.IssuedFiles(data=b"{}", pdf=b"%PDF-1.7", xlsx=b"PK", pdf_variant="pdf/a-3b")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FreshDatabase]:
    yield from open_fresh(request.param, tmp_path_factory.mktemp("issued"))


def _issue(fresh: FreshDatabase, meeting_id: int, actor: Actor) -> int:
    with unit_of_work(fresh.writers) as session:
        record = issued.issue(
            session=session,
            actor=actor,
            clock=CLOCK,
            meeting_id=meeting_id,
            cut_off=date(2024, 5, 23),
            files=FILES,
        )
        return record.number


def _waiting_on_a_lock(fresh: FreshDatabase) -> bool:
    with fresh.readers() as s:
        return bool(s.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")))


def test_two_people_issuing_at_once_get_consecutive_numbers(fresh: FreshDatabase) -> None:
    with fresh.setup() as make:
        meeting_id = make.meeting(date(2024, 5, 24), number=5).id
        actor = make.person("secretariat").actor
    numbers: list[int] = []
    if fresh.engine.dialect.name == "postgresql":
        # The first has inserted number 1 and not committed; the second reads the same last
        # number, inserts 1 too and waits on the first's row; the first commits; the second's
        # insert is refused and it takes 2.
        with unit_of_work(fresh.writers) as first:
            numbers.append(
                issued.issue(
                    session=first,
                    actor=actor,
                    clock=CLOCK,
                    meeting_id=meeting_id,
                    cut_off=date(2024, 5, 23),
                    files=FILES,
                ).number
            )
            second = threading.Thread(
                target=lambda: numbers.append(_issue(fresh, meeting_id, actor))
            )
            second.start()
            while not _waiting_on_a_lock(fresh):
                assert second.is_alive(), "the second issue ended without waiting"
        second.join(timeout=30)
    else:
        threads = [
            threading.Thread(target=lambda: numbers.append(_issue(fresh, meeting_id, actor)))
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert sorted(numbers) == [1, 2]
    with fresh.readers() as s:
        assert s.scalars(select(IssuedReport.number).order_by(IssuedReport.number)).all() == [1, 2]


def test_an_issued_version_is_never_updated(session: Session, make: Factory) -> None:
    meeting = make.meeting(date(2024, 5, 24), number=5)
    record = issued.issue(
        session=session,
        actor=make.person("secretariat").actor,
        clock=CLOCK,
        meeting_id=meeting.id,
        cut_off=date(2024, 5, 23),
        files=FILES,
    )
    record.pdf = b"%PDF-otra cosa"
    with pytest.raises(ValueError, match="never changed"):
        session.flush()


def test_an_observacion_keeps_who_wrote_it_until_its_text_changes(
    session: Session, make: Factory
) -> None:
    meeting = make.meeting(date(2024, 5, 24), number=5)
    first, second = make.person("secretariat").actor, make.person("admin").actor
    keys = ["A/1", "A/2"]

    def save(actor: Actor, texts: dict[str, str], whole: bool) -> dict[str, str]:
        return issued.save_observations(
            session=session,
            actor=actor,
            clock=CLOCK,
            meeting_id=meeting.id,
            texts=texts,
            keys=keys,
            whole=whole,
        )

    save(first, {"A/1": "Uno", "A/2": "Dos"}, whole=True)
    assert save(second, {"A/1": "Uno", "A/2": "Dos, corregido"}, whole=True) == {
        "A/1": "Uno",
        "A/2": "Dos, corregido",
    }
    stored = issued.observations(session=session, meeting_id=meeting.id)
    assert stored["A/1"].written_by_label == first.label
    assert stored["A/2"].written_by_label == second.label
    # A row at a time (the page): the rows not given stay; an empty text removes one.
    assert save(second, {"A/1": ""}, whole=False) == {"A/2": "Dos, corregido"}


def test_files_laid_out_with_a_number_someone_took_are_refused_and_the_next_is_offered(
    fresh: FreshDatabase,
) -> None:
    with fresh.setup() as make:
        meeting_id = make.meeting(date(2024, 5, 24), number=5).id
        actor = make.person("secretariat").actor
    with unit_of_work(fresh.writers) as session:
        offered = issued.next_edition(session=session, meeting_id=meeting_id, clock=CLOCK)
    assert (offered.number, offered.year, offered.label) == (1, 2024, "Versión emitida 1/2024")
    assert _issue(fresh, meeting_id, actor) == 1, "another person issued number 1 meanwhile"

    with pytest.raises(issued.NumberTaken), unit_of_work(fresh.writers) as session:
        issued.issue(
            session=session, actor=actor, clock=CLOCK, meeting_id=meeting_id,
            cut_off=date(2024, 5, 23), files=FILES, number=offered.number,
        )  # fmt: skip
    with unit_of_work(fresh.writers) as session:
        assert issued.next_edition(session=session, meeting_id=meeting_id, clock=CLOCK).number == 2
        assert len(issued.versions(session=session, meeting_id=meeting_id)) == 1
