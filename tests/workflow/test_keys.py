"""Key counters and the unique-constraint safety net, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from states import CONVENIO
from tests.factories import Factory
from workflow.engine.errors import Conflict
from workflow.models import Area, Convenio
from workflow.runtime.duplicates import refused_as


def test_a_unique_violation_becomes_the_conflict_and_the_transaction_goes_on(
    session: Session,
) -> None:
    """What a concurrent create that won the race between our check and our insert leaves."""
    session.add(Area(code="DUPL", name="Primera"))
    session.flush()
    with (
        pytest.raises(Conflict, match="Ya existe el área DUPL"),
        refused_as(session, lambda: Conflict("Ya existe el área DUPL.")),
    ):
        session.add(Area(code="DUPL", name="Segunda"))
        session.flush()
    assert session.scalar(select(func.count()).where(Area.code == "DUPL")) == 1


def test_other_integrity_errors_are_not_taken_for_duplicates(session: Session) -> None:
    with pytest.raises(IntegrityError), refused_as(session, lambda: Conflict("Ya existe.")):
        session.add(Area(code=None, name="Sin clave"))
        session.flush()


def test_keys_that_got_in_without_the_counter_are_skipped(make: Factory, session: Session) -> None:
    area = make.area()
    assert make.convenio([area]).key == "CONV/2024/001"
    for key in ("CONV/2024/002", "CONV/2024/003"):  # as an import writes them
        session.add(Convenio(key=key, title="Importado", state=CONVENIO.initial, progress=0))
    session.flush()
    assert make.convenio([area]).key == "CONV/2024/004"
    assert make.convenio([area]).key == "CONV/2024/005"


def test_an_agreement_key_typed_or_imported_keeps_its_number_as_seq_and_is_skipped(
    make: Factory,
) -> None:
    """`keys.agreement_seq` serves the create and the import alike."""
    area, meeting = make.area(), make.meeting()
    assert make.agreement([area], meeting=meeting).seq == 1
    assert make.agreement([area], meeting=meeting, key=f"{meeting.key}/05").seq == 5
    assert make.agreement([area], meeting=meeting, key="ACUERDO-ESPECIAL").seq == 2
    after = [make.agreement([area], meeting=meeting) for _ in range(3)]
    assert [(a.key, a.seq) for a in after] == [(f"{meeting.key}/{n:02d}", n) for n in (3, 4, 6)]
