"""The edit service itself keeps the fields only events may set: a deadline, a convenio's
validity, the state, the version and the key. Whoever calls it (a route, a page, a script)
cannot change them with a plain edit; the schemas refusing them first is not what protects them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import Factory
from workflow.engine import editing
from workflow.engine.errors import Invalid
from workflow.engine.fire import fire
from workflow.models import DomainEvent
from workflow.runtime.clock import Clock


def _edit(session: Session, clock: Clock, make: Factory, item: Any, **changes: Any) -> None:
    editing.edit(
        session=session,
        actor=make.person("secretariat").actor,
        clock=clock,
        item=item,
        changes=changes,
    )


def _edits(session: Session, item: Any) -> int:
    where = (DomainEvent.item_kind == item.kind, DomainEvent.item_id == item.id)
    return (
        session.scalar(
            select(func.count())
            .select_from(DomainEvent)
            .where(DomainEvent.name == "edited", *where)
        )
        or 0
    )


def test_an_agreement_deadline_cannot_be_edited_only_rescheduled(
    session: Session, clock: Clock, make: Factory
) -> None:
    agreement = make.agreement([make.area()], deadline=date(2024, 6, 28), title="Original")
    with pytest.raises(Invalid, match=r"«deadline».*«Reprogramar plazo»") as refused:
        _edit(session, clock, make, agreement, deadline=date(2025, 1, 31), title="Otro título")
    assert refused.value.extra == {"field": "deadline"}
    session.refresh(agreement)
    assert (agreement.deadline, agreement.title, agreement.version) == (
        date(2024, 6, 28),
        "Original",
        1,
    )
    assert _edits(session, agreement) == 0


def test_a_convenio_validity_cannot_be_edited_only_signed_or_extended(
    session: Session, clock: Clock, make: Factory
) -> None:
    convenio = make.convenio([make.area()])
    for field in ("signed_on", "valid_from", "valid_until"):
        with pytest.raises(Invalid, match=f"«{field}» no se edita directamente"):
            _edit(session, clock, make, convenio, **{field: date(2030, 1, 1)})
    with pytest.raises(Invalid, match="«Registrar suscripción» o «Ampliar vigencia»"):
        _edit(session, clock, make, convenio, valid_until=date(2030, 1, 1))
    session.refresh(convenio)
    assert (convenio.signed_on, convenio.valid_from, convenio.valid_until) == (None, None, None)
    assert convenio.version == 1


@pytest.mark.parametrize("field", ["state", "version", "key", "progress", "id"])
def test_no_kind_edits_its_state_version_or_key(
    session: Session, clock: Clock, make: Factory, field: str
) -> None:
    area = make.area()
    for item in (make.agreement([area]), make.convenio([area]), make.activity(area)):
        with pytest.raises(Invalid, match=f"No se puede editar {field} directamente"):
            _edit(session, clock, make, item, **{field: 7})
        session.refresh(item)
        assert item.version == 1


def test_an_activity_due_date_is_a_plain_field_its_lifecycle_has_no_event_for(
    session: Session, clock: Clock, make: Factory
) -> None:
    activity = make.activity(make.area())
    _edit(session, clock, make, activity, due_date=date(2024, 12, 20))
    assert activity.due_date == date(2024, 12, 20)


def test_rescheduling_still_changes_the_deadline(
    session: Session, clock: Clock, make: Factory
) -> None:
    agreement = make.agreement([make.area()], deadline=date(2024, 6, 28))
    fire(
        session=session,
        item=agreement,
        event="reschedule",
        actor=make.person("secretariat").actor,
        clock=clock,
        note="La comisión amplió el plazo.",
        data={"deadline": date(2024, 9, 30)},
    )
    assert agreement.deadline == date(2024, 9, 30)
