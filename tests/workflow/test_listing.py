"""Lists with the filters of SPEC §4, `overdue` computed in the query as of a given day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from tests.factories import Factory
from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid, NotFound
from workflow.engine.fire import fire
from workflow.items import listing
from workflow.items.listing import Filters
from workflow.models import Activity, Agreement, Convenio
from workflow.runtime.clock import Clock

TODAY = date(2024, 5, 24)


def page(session: Session, model: type, today: date = TODAY, **filters: object) -> list[int]:
    result = listing.fetch_page(
        session=session,
        model=model,
        filters=Filters(**filters),
        today=today,
    )
    return [item.id for item, _ in result.rows]


def overdue_flags(session: Session, model: type, today: date = TODAY) -> dict[int, bool]:
    result = listing.fetch_page(
        session=session, model=model, filters=Filters(limit=500), today=today
    )
    return {item.id: flag for item, flag in result.rows}


@pytest.fixture
def secretariat(make: Factory) -> Actor:
    return make.person("secretariat").actor


def test_an_agreement_is_overdue_from_the_day_after_its_deadline(
    session: Session, make: Factory
) -> None:
    agreement = make.agreement([make.area()], deadline=TODAY)
    assert overdue_flags(session, Agreement)[agreement.id] is False
    assert overdue_flags(session, Agreement, today=date(2024, 5, 25))[agreement.id] is True


def test_final_states_and_missing_deadlines_are_never_overdue(
    session: Session, make: Factory, clock: Clock, secretariat: Actor
) -> None:
    area = make.area()
    open_one = make.agreement([area], deadline=date(2024, 5, 1))
    permanent = make.agreement([area], deadline=None)
    done = make.agreement([area], deadline=date(2024, 5, 1))
    fire(session=session, item=done, event="cancel", actor=secretariat, clock=clock, note="x")
    flags = overdue_flags(session, Agreement)
    assert (flags[open_one.id], flags[permanent.id], flags[done.id]) == (True, False, False)
    assert page(session, Agreement, overdue=True) == [open_one.id]
    assert set(page(session, Agreement, overdue=False)) == {permanent.id, done.id}


def test_convenios_are_overdue_after_their_validity_and_activities_after_their_due_date(
    session: Session, make: Factory, clock: Clock, secretariat: Actor
) -> None:
    area = make.area()
    convenio = make.convenio([area])
    for event, data in (
        ("submit_review", {}),
        ("approve", {}),
        (
            "sign",
            {
                "signed_on": date(2024, 1, 1),
                "valid_from": date(2024, 1, 1),
                "valid_until": date(2024, 5, 23),
            },
        ),
    ):
        fire(session=session, item=convenio, event=event, actor=secretariat, clock=clock, data=data)
    activity = make.activity(area, convenio=convenio, due_date=date(2024, 5, 23))
    finished = make.activity(area, convenio=convenio, due_date=date(2024, 5, 23))
    fire(session=session, item=finished, event="complete", actor=secretariat, clock=clock)
    assert overdue_flags(session, Convenio)[convenio.id] is True
    flags = overdue_flags(session, Activity)
    assert (flags[activity.id], flags[finished.id]) == (True, False)


def test_the_area_filter_includes_co_responsible_areas(session: Session, make: Factory) -> None:
    lead, co = make.area(), make.area()
    led = make.agreement([lead])
    shared = make.agreement([lead, co])
    assert page(session, Agreement, area=co.code.lower()) == [shared.id]
    assert page(session, Agreement, area=lead.code) == [led.id, shared.id]
    assert page(session, Agreement, area="NOEXISTE") == []


def test_the_organ_filter_finds_activities_through_their_convenio(
    session: Session, make: Factory
) -> None:
    area = make.area()
    organ = make.organ("CPVOE")
    convenio = make.convenio([area], organ=organ.code)
    through_convenio = make.activity(area, convenio=convenio)
    own = make.activity(area, organ=organ.code)
    make.activity(area, organ=make.organ("OTRO").code)
    assert page(session, Activity, organ="cpvoe") == [through_convenio.id, own.id]


def test_text_search_looks_at_key_title_and_text_ignoring_case(
    session: Session, make: Factory
) -> None:
    area = make.area()
    by_title = make.agreement([area], title="Calendario de sesiones")
    by_text = make.agreement([area], title="Otro", text="Presentar el CALENDARIO anual")
    make.agreement([area], title="Nada que ver")
    assert page(session, Agreement, q="  calendario ") == [by_title.id, by_text.id]
    assert page(session, Agreement, q=by_title.key.lower()) == [by_title.id]


def test_several_states_separated_by_commas(
    session: Session, make: Factory, clock: Clock, secretariat: Actor
) -> None:
    area = make.area()
    approved = make.agreement([area])
    started = make.agreement([area])
    fire(session=session, item=started, event="start", actor=secretariat, clock=clock)
    assert page(session, Agreement, state="in_progress") == [started.id]
    assert page(session, Agreement, state="approved, in_progress") == [approved.id, started.id]


def test_an_unknown_state_is_refused_naming_the_states_there_are(session: Session) -> None:
    with pytest.raises(Invalid) as exc:
        page(session, Agreement, state="vencido")
    assert "vencido" in exc.value.detail and "under_review" in exc.value.detail


def test_the_total_counts_every_match_whatever_the_page(session: Session, make: Factory) -> None:
    area = make.area()
    ids = [make.agreement([area]).id for _ in range(5)]
    result = listing.fetch_page(
        session=session,
        model=Agreement,
        filters=Filters(area=area.code, limit=2, offset=2),
        today=TODAY,
    )
    assert (result.total, [a.id for a, _ in result.rows]) == (5, ids[2:4])


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (501, 0), (10, -1)])
def test_pagination_out_of_bounds_is_refused(session: Session, limit: int, offset: int) -> None:
    with pytest.raises(Invalid):
        page(session, Agreement, limit=limit, offset=offset)


def test_fetching_an_unknown_item_names_its_kind(session: Session) -> None:
    with pytest.raises(NotFound) as exc:
        listing.fetch_one(session=session, model=Convenio, item_id=424242, today=TODAY)
    assert exc.value.detail == "No existe convenio con id 424242."
