"""The guards of fire(): required data, blank notes, deadlines, signing dates, minutes approval."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import Factory
from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid
from workflow.engine.fire import fire
from workflow.items import meetings
from workflow.models import Convenio, DomainEvent, Item, Transition
from workflow.runtime.clock import Clock


@pytest.fixture
def secretariat(make: Factory) -> Actor:
    return make.person("secretariat").actor


def go(session: Session, clock: Clock, actor: Actor, item: Item, event: str, **kw: Any) -> None:
    note = kw.pop("note", None)
    fire(session=session, item=item, event=event, actor=actor, clock=clock, note=note, data=kw)


def refused(session: Session, clock: Clock, actor: Actor, item: Item, event: str, **kw: Any) -> str:
    """Fire and expect `Invalid`; check nothing of the event was written. Returns the detail."""
    before = (item.state, item.version, _history(session, item))
    with pytest.raises(Invalid) as exc, session.begin_nested():
        go(session, clock, actor, item, event, **kw)
    session.refresh(item)
    assert (item.state, item.version, _history(session, item)) == before
    return exc.value.detail


def _history(session: Session, item: Item) -> tuple[int, int]:
    def count(model: Any) -> int:
        return session.scalar(
            select(func.count())
            .select_from(model)
            .where(model.item_kind == item.kind, model.item_id == item.id)
        )

    return count(Transition), count(DomainEvent)


def signed_convenio(session: Session, clock: Clock, actor: Actor, make: Factory) -> Convenio:
    convenio = make.convenio([make.area()])
    go(session, clock, actor, convenio, "submit_review")
    go(session, clock, actor, convenio, "approve")
    go(
        session,
        clock,
        actor,
        convenio,
        "sign",
        signed_on=date(2024, 1, 15),
        valid_from=date(2024, 1, 15),
        valid_until=date(2024, 12, 31),
    )
    return convenio


@pytest.mark.parametrize("note", [None, "", "   "])
def test_cancelling_an_agreement_needs_a_note(
    session: Session, clock: Clock, make: Factory, secretariat: Actor, note: str | None
) -> None:
    agreement = make.agreement([make.area()])
    detail = refused(session, clock, secretariat, agreement, "cancel", note=note)
    assert "nota" in detail and "«note»" in detail


@pytest.mark.parametrize("event", ["report_fulfillment"])
def test_area_head_cannot_report_fulfilment_without_saying_how(
    session: Session, clock: Clock, make: Factory, event: str
) -> None:
    area = make.area()
    head = make.person("area", area).actor
    agreement = make.agreement([area])
    refused(session, clock, head, agreement, event, note="  \n ")
    go(session, clock, head, agreement, event, note="Se entregó el oficio")
    assert agreement.state == "under_review"


def test_rejecting_a_reported_fulfilment_needs_a_reason(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    agreement = make.agreement([make.area()])
    go(session, clock, secretariat, agreement, "report_fulfillment", note="Hecho")
    refused(session, clock, secretariat, agreement, "reject")
    go(session, clock, secretariat, agreement, "reject", note="Falta el anexo")
    assert agreement.state == "in_progress"


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, ["deadline", "note"]),
        ({"note": "Acuerdo CPVOE/5SO/2024/02"}, ["deadline"]),
        ({"deadline": date(2024, 7, 1)}, ["note"]),
        ({"deadline": date(2024, 7, 1), "note": " "}, ["note"]),
    ],
)
def test_rescheduling_needs_a_new_deadline_and_a_justification(
    session: Session,
    clock: Clock,
    make: Factory,
    secretariat: Actor,
    given: dict[str, Any],
    missing: list[str],
) -> None:
    agreement = make.agreement([make.area()], deadline=date(2024, 5, 20))
    with pytest.raises(Invalid) as exc, session.begin_nested():
        go(session, clock, secretariat, agreement, "reschedule", **given)
    assert exc.value.extra["missing"] == missing
    session.refresh(agreement)
    assert agreement.deadline == date(2024, 5, 20)


def test_rescheduling_to_the_same_deadline_is_refused(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    agreement = make.agreement([make.area()], deadline=date(2024, 5, 20))
    detail = refused(
        session, clock, secretariat, agreement, "reschedule", deadline=date(2024, 5, 20), note="x"
    )
    assert "igual" in detail


def test_rescheduling_keeps_the_state_moves_the_deadline_and_records_it(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    agreement = make.agreement([make.area()], deadline=date(2024, 5, 20))
    go(session, clock, secretariat, agreement, "start")
    transition = fire(
        session=session,
        item=agreement,
        event="reschedule",
        actor=secretariat,
        clock=clock,
        note="Acuerdo CPVOE/5SO/2024/02",
        data={"deadline": date(2024, 6, 28)},
    )
    assert (agreement.state, agreement.deadline) == ("in_progress", date(2024, 6, 28))
    assert (transition.from_state, transition.to_state) == ("in_progress", "in_progress")
    assert transition.data == {"deadline": "2024-06-28", "previous": {"deadline": "2024-05-20"}}


@pytest.mark.parametrize(
    "missing", [["signed_on"], ["valid_from"], ["valid_until"], ["signed_on", "valid_until"]]
)
def test_signing_a_convenio_needs_the_signing_date_and_the_validity(
    session: Session, clock: Clock, make: Factory, secretariat: Actor, missing: list[str]
) -> None:
    convenio = make.convenio([make.area()])
    go(session, clock, secretariat, convenio, "submit_review")
    go(session, clock, secretariat, convenio, "approve")
    dates = {
        "signed_on": date(2024, 1, 15),
        "valid_from": date(2024, 1, 15),
        "valid_until": date(2024, 12, 31),
    }
    for name in missing:
        del dates[name]
    with pytest.raises(Invalid) as exc, session.begin_nested():
        go(session, clock, secretariat, convenio, "sign", **dates)
    assert exc.value.extra["missing"] == missing
    session.refresh(convenio)
    assert (convenio.state, convenio.signed_on) == ("approved", None)


def test_a_validity_that_ends_before_it_starts_is_refused(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    convenio = make.convenio([make.area()])
    go(session, clock, secretariat, convenio, "submit_review")
    go(session, clock, secretariat, convenio, "approve")
    detail = refused(
        session,
        clock,
        secretariat,
        convenio,
        "sign",
        signed_on=date(2024, 1, 15),
        valid_from=date(2024, 3, 1),
        valid_until=date(2024, 2, 29),
    )
    assert "valid_until" in detail


def test_a_validity_of_one_day_is_accepted(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    convenio = make.convenio([make.area()])
    go(session, clock, secretariat, convenio, "submit_review")
    go(session, clock, secretariat, convenio, "approve")
    day = date(2024, 3, 1)
    dates = {"signed_on": day, "valid_from": day, "valid_until": day}
    go(session, clock, secretariat, convenio, "sign", **dates)
    assert (convenio.state, convenio.valid_from, convenio.valid_until) == ("in_force", day, day)


@pytest.mark.parametrize("new_end", [date(2024, 12, 31), date(2024, 6, 30)])
def test_extending_a_convenio_needs_a_later_end_of_validity(
    session: Session, clock: Clock, make: Factory, secretariat: Actor, new_end: date
) -> None:
    convenio = signed_convenio(session, clock, secretariat, make)
    detail = refused(
        session, clock, secretariat, convenio, "extend", valid_until=new_end, note="Adenda"
    )
    assert "2024-12-31" in detail


def test_extending_a_convenio_needs_a_note(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    convenio = signed_convenio(session, clock, secretariat, make)
    refused(session, clock, secretariat, convenio, "extend", valid_until=date(2025, 6, 30))
    go(
        session,
        clock,
        secretariat,
        convenio,
        "extend",
        valid_until=date(2025, 6, 30),
        note="Adenda 1",
    )
    assert (convenio.state, convenio.valid_until) == ("in_force", date(2025, 6, 30))


def test_minutes_are_approved_by_a_later_session_of_the_same_organ(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    fourth = make.meeting(day=date(2024, 4, 26))
    fifth = make.meeting(day=date(2024, 5, 24))
    meetings.fire_minutes_event(
        session=session,
        actor=secretariat,
        clock=clock,
        meeting_id=fourth.id,
        event="approve",
        approved_in=fifth.id,
    )
    assert (fourth.minutes.state, fourth.minutes.approved_in_id) == ("approved", fifth.id)


def _approve_minutes(
    session: Session, clock: Clock, actor: Actor, meeting_id: int, approved_in: int | None
) -> str:
    with pytest.raises(Invalid) as exc, session.begin_nested():
        meetings.fire_minutes_event(
            session=session,
            actor=actor,
            clock=clock,
            meeting_id=meeting_id,
            event="approve",
            approved_in=approved_in,
        )
    return exc.value.detail


def test_minutes_cannot_be_approved_by_an_earlier_session_itself_or_another_organ(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    fourth = make.meeting(day=date(2024, 4, 26))
    third = make.meeting(day=date(2024, 3, 22))
    other_organ = meetings.create(
        session=session,
        actor=secretariat,
        organ=make.organ("OTRO").code,
        kind="ordinaria",
        number=1,
        year=2024,
        day=date(2024, 5, 30),
        at=None,
        modality="virtual",
        agenda=[],
    )
    for approved_in in (third.id, fourth.id, other_organ.id):
        detail = _approve_minutes(session, clock, secretariat, fourth.id, approved_in)
        assert "sesión posterior del mismo órgano" in detail
    assert "approved_in" in _approve_minutes(session, clock, secretariat, fourth.id, None)
    assert "No existe" in _approve_minutes(session, clock, secretariat, fourth.id, 999_999)
    session.refresh(fourth.minutes)
    assert (fourth.minutes.state, fourth.minutes.approved_in_id) == ("draft", None)


def test_an_unknown_event_is_refused_naming_the_events_there_are(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    agreement = make.agreement([make.area()])
    detail = refused(session, clock, secretariat, agreement, "finish")
    assert "finish" in detail and "report_fulfillment" in detail


def test_events_that_finish_an_item_set_its_progress_to_100(
    session: Session, clock: Clock, make: Factory, secretariat: Actor
) -> None:
    area = make.area()
    agreement = make.agreement([area])
    go(session, clock, secretariat, agreement, "report_fulfillment", note="Hecho")
    go(session, clock, secretariat, agreement, "confirm")
    activity = make.activity(area)
    go(session, clock, secretariat, activity, "complete")
    assert (agreement.progress, activity.progress) == (100, 100)


def test_the_transition_records_who_when_and_why(
    session: Session, clock: Clock, make: Factory
) -> None:
    area = make.area()
    head = make.person("area", area)
    agreement = make.agreement([area])
    transition = fire(
        session=session,
        item=agreement,
        event="report_fulfillment",
        actor=head.actor,
        clock=clock,
        note="Oficio IECM/UTVOE/123/2024",
    )
    assert transition.actor_id == head.user.id and transition.actor_label == head.user.name
    assert transition.at == clock.now() and transition.at.utcoffset() is not None
    event = session.scalars(
        select(DomainEvent).where(
            DomainEvent.item_id == agreement.id,
            DomainEvent.name == "agreement.report_fulfillment",
        )
    ).one()
    assert event.payload["from"] == "approved" and event.payload["to"] == "under_review"
    assert event.payload["note"] == "Oficio IECM/UTVOE/123/2024"
