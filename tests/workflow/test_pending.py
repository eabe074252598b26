"""«Mis pendientes»: what waits on an area (its items in a state that waits on the area, soonest
deadline first) and what waits on the secretariat's review (oldest first, with who reported it)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from tests.factories import Factory
from workflow.engine.actors import Actor
from workflow.engine.fire import fire
from workflow.items import overview, pending
from workflow.models import Agreement
from workflow.runtime.clock import Clock

TODAY = date(2024, 5, 24)


def report(session: Session, agreement: Agreement, actor: Actor, clock: Clock) -> None:
    """The area reports the acuerdo's fulfilment."""
    fire(
        session=session,
        item=agreement,
        event="report_fulfillment",
        actor=actor,
        clock=clock,
        note="Cumplido",
    )


def keys(work: pending.PendingWork) -> list[str]:
    return [row.key for row in work.rows]


def test_an_area_sees_its_items_as_lead_or_co_responsible_soonest_first(
    session: Session, make: Factory
) -> None:
    mine, other = make.area(), make.area()
    late = make.agreement([mine], deadline=date(2024, 5, 1), title="Vencido")
    shared = make.agreement([other, mine], deadline=date(2024, 6, 30), title="Compartido")
    permanent = make.agreement([mine], deadline=None, title="Permanente")
    make.agreement([other], deadline=date(2024, 5, 2), title="De otra área")
    activity = make.activity(mine, due_date=date(2024, 6, 1))
    drafting = make.convenio([mine])
    work = pending.for_area(session=session, area_id=mine.id, today=TODAY)
    assert keys(work) == [late.key, activity.key, shared.key, permanent.key, drafting.key]
    assert [row.overdue for row in work.rows] == [True, False, False, False, False]
    assert work.totals == {"agreement": 3, "convenio": 1, "activity": 1}
    assert work.states["agreement"] == ["approved", "in_progress"]
    assert work.states["convenio"] == ["drafting"]


def test_a_reported_acuerdo_moves_from_the_areas_list_to_the_secretariats(
    session: Session, make: Factory, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    older = make.agreement([area], deadline=date(2024, 5, 1))
    newer = make.agreement([area], deadline=date(2024, 4, 1))
    for agreement, day in ((newer, date(2024, 5, 10)), (older, date(2024, 5, 9))):
        report(session, agreement, head.actor, Clock.on(day, clock.tz))
    assert keys(pending.for_area(session=session, area_id=area.id, today=TODAY)) == []
    work = pending.for_secretariat(session=session, today=TODAY, tz=clock.tz)
    assert keys(work)[:2] == [older.key, newer.key]  # reported first, reviewed first
    first = work.rows[0]
    assert (first.by, first.since) == (f"La {area.code}", date(2024, 5, 9))
    assert work.totals["agreement"] == 2
    assert pending.standing(session=session, item=older, tz=clock.tz) == (
        f"La {area.code} informó el cumplimiento el 9 de mayo de 2024. "
        "Está en revisión de la Secretaría Técnica."
    )


def test_convenios_under_review_and_written_minutes_wait_on_the_secretariat(
    session: Session, make: Factory, clock: Clock
) -> None:
    area = make.area()
    secretariat = make.person("secretariat").actor
    convenio = make.convenio([area])
    fire(session=session, item=convenio, event="submit_review", actor=secretariat, clock=clock)
    held = make.meeting(day=TODAY - timedelta(days=10))
    make.meeting(day=TODAY - timedelta(days=20))  # its minutes are still empty
    held.minutes.text = "Acta de la sesión."
    session.flush()
    work = pending.for_secretariat(session=session, today=TODAY, tz=clock.tz)
    assert convenio.key in keys(work)
    assert work.totals["convenio"] == 1
    assert [m.meeting_id for m in work.minutes] == [held.id]
    assert keys(pending.for_area(session=session, area_id=area.id, today=TODAY)) == []


def test_the_lists_are_limited_and_the_totals_count_everything(
    session: Session, make: Factory
) -> None:
    area = make.area()
    for day in range(1, 6):
        make.agreement([area], deadline=date(2024, 6, day))
    work = pending.for_area(session=session, area_id=area.id, today=TODAY, limit=2)
    assert len(work.rows) == 2 and work.totals["agreement"] == 5 and work.total == 5


def test_an_area_s_overdue_count_leaves_out_what_is_in_review(
    session: Session, make: Factory, clock: Clock
) -> None:
    area = make.area()
    head = make.person("area", area)
    reported = make.agreement([area], deadline=date(2024, 5, 1))
    make.agreement([area], deadline=date(2024, 5, 2))
    report(session, reported, head.actor, clock)
    row = next(
        a for a in overview.progress_by_area(session=session, today=TODAY) if a.code == area.code
    )
    assert (row.open, row.overdue, row.in_review, row.on_time) == (2, 1, 1, 0)
