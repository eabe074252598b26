"""The scheduled checks on crafted data: due soon, overdue with escalation, convenio validity,
the weekly digest; idempotent the same day, one catch-up after missed days."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow import checks
from workflow.calendar import declared_days
from workflow.checks import CheckReport
from workflow.engine.fire import fire
from workflow.models import Agreement, Convenio, DomainEvent, Transition
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


def run_on(session: Session, settings: Settings, day: date) -> CheckReport:
    return checks.run(session=session, clock=Clock.on(day, settings.tz), settings=settings)


def queued(report: CheckReport, check: str) -> list[str]:
    return [e.label for f in report.findings if f.check == check for e in f.queued]


def events(session: Session, name: str, item_id: int) -> list[DomainEvent]:
    return list(
        session.scalars(
            select(DomainEvent)
            .where(DomainEvent.name == name, DomainEvent.item_id == item_id)
            .order_by(DomainEvent.id)
        )
    )


def open_agreement(make: Factory, deadline: date) -> Agreement:
    return make.agreement([make.area()], deadline=deadline)


def test_due_soon_reminds_five_and_one_business_days_before(
    make: Factory, session: Session, settings: Settings
) -> None:
    a = open_agreement(make, date(2024, 6, 14))  # a Friday
    assert queued(run_on(session, settings, date(2024, 6, 6)), "agreement.due_soon") == []
    assert queued(run_on(session, settings, date(2024, 6, 7)), "agreement.due_soon") == [a.key]
    for day in (date(2024, 6, 10), date(2024, 6, 11), date(2024, 6, 12)):
        assert queued(run_on(session, settings, day), "agreement.due_soon") == []
    assert queued(run_on(session, settings, date(2024, 6, 13)), "agreement.due_soon") == [a.key]
    assert [e.payload["stage"] for e in events(session, "agreement.due_soon", a.id)] == [5, 1]
    assert events(session, "agreement.due_soon", a.id)[0].payload["business_days_left"] == 5


def test_overdue_the_business_day_after_a_deadline_on_a_holiday(
    make: Factory, session: Session, settings: Settings
) -> None:
    on_holiday = open_agreement(make, date(2024, 9, 16))  # Día de la Independencia
    before_weekend = open_agreement(make, date(2024, 9, 13))  # Friday before it
    assert queued(run_on(session, settings, date(2024, 9, 14)), "agreement.overdue") == []
    assert queued(run_on(session, settings, date(2024, 9, 16)), "agreement.overdue") == []
    found = queued(run_on(session, settings, date(2024, 9, 17)), "agreement.overdue")
    assert sorted(found) == sorted([on_holiday.key, before_weekend.key])
    late = {e.item_id: e.payload["business_days_late"] for e in _all(session, "agreement.overdue")}
    assert late == {on_holiday.id: 1, before_weekend.id: 1}


def test_overdue_repeats_every_five_business_days_and_escalates_after_ten(
    make: Factory, session: Session, settings: Settings
) -> None:
    a = open_agreement(make, date(2024, 6, 7))  # Friday
    sent: dict[str, list[date]] = {"agreement.overdue": [], "agreement.escalated": []}
    day = date(2024, 6, 8)
    while day <= date(2024, 7, 5):
        report = run_on(session, settings, day)
        for check in sent:
            if queued(report, check):
                sent[check].append(day)
        day += timedelta(days=1)
    # 1st business day late is Mon 10 June; then every 5 business days: 17 June, 24 June, 1 July
    assert sent["agreement.overdue"] == [
        date(2024, 6, 10),
        date(2024, 6, 17),
        date(2024, 6, 24),
        date(2024, 7, 1),
    ]
    # 10 business days late: Fri 21 June; only once
    assert sent["agreement.escalated"] == [date(2024, 6, 21)]
    assert events(session, "agreement.escalated", a.id)[0].payload["business_days_late"] == 10


def test_a_second_run_the_same_day_queues_nothing(
    make: Factory, session: Session, settings: Settings
) -> None:
    open_agreement(make, date(2024, 5, 10))
    first = run_on(session, settings, date(2024, 6, 10))
    count = len(session.scalars(select(DomainEvent.id)).all())
    second = run_on(session, settings, date(2024, 6, 10))
    assert first.queued > 0 and second.queued == 0
    assert len(session.scalars(select(DomainEvent.id)).all()) == count
    assert [f.found for f in second.findings] == [f.found for f in first.findings]


def test_catch_up_after_three_missed_days_sends_the_current_alert_once(
    make: Factory, session: Session, settings: Settings
) -> None:
    a = open_agreement(make, date(2024, 6, 7))
    soon = open_agreement(make, date(2024, 6, 21))
    assert queued(run_on(session, settings, date(2024, 6, 11)), "agreement.overdue") == [a.key]
    # Down Wed 12 to Mon 17 (the 6th business day late, a new stage); back on Tue 18:
    report = run_on(session, settings, date(2024, 6, 18))
    assert queued(report, "agreement.overdue") == [a.key]
    assert queued(report, "agreement.due_soon") == [soon.key]
    assert [e.payload["stage"] for e in events(session, "agreement.overdue", a.id)] == [0, 1]
    # the missed 5-day reminder of `soon` is not sent late: only the stage it is in now
    assert [e.payload["stage"] for e in events(session, "agreement.due_soon", soon.id)] == [5]
    for day in (date(2024, 6, 18), date(2024, 6, 19)):
        assert run_on(session, settings, day).queued == 0


def test_final_items_are_never_overdue_and_a_new_deadline_rearms_the_alerts(
    make: Factory, session: Session, settings: Settings
) -> None:
    done = open_agreement(make, date(2024, 6, 3))
    moved = open_agreement(make, date(2024, 6, 3))
    clock = Clock.on(date(2024, 6, 4), settings.tz)
    fire(session=session, item=done, event="cancel", actor=ADMIN, clock=clock, note="Sin efectos")
    assert queued(run_on(session, settings, date(2024, 6, 4)), "agreement.overdue") == [moved.key]
    fire(
        session=session,
        item=moved,
        event="reschedule",
        actor=ADMIN,
        clock=clock,
        note="Acuerdo de la Comisión",
        data={"deadline": date(2024, 6, 5)},
    )
    assert queued(run_on(session, settings, date(2024, 6, 6)), "agreement.overdue") == [moved.key]


def test_activities_are_checked_too(make: Factory, session: Session, settings: Settings) -> None:
    activity = make.activity(make.area(), due_date=date(2024, 6, 7))
    assert queued(run_on(session, settings, date(2024, 6, 10)), "activity.overdue") == [
        activity.key
    ]


def test_declared_days_delay_the_overdue_alert(
    make: Factory, session: Session, settings: Settings
) -> None:
    a = open_agreement(make, date(2024, 3, 27))
    declared_days.add_day(
        session=session, actor=ADMIN, day=date(2024, 3, 28), reason="Jueves Santo"
    )
    declared_days.add_day(
        session=session, actor=ADMIN, day=date(2024, 3, 29), reason="Viernes Santo"
    )
    assert queued(run_on(session, settings, date(2024, 3, 29)), "agreement.overdue") == []
    assert queued(run_on(session, settings, date(2024, 4, 1)), "agreement.overdue") == [a.key]


def signed_convenio(make: Factory, until: date) -> Convenio:
    c = make.convenio([make.area()])
    clock = Clock.on(date(2024, 1, 10), make.clock.tz)
    for event in ("submit_review", "approve"):
        fire(session=make.session, item=c, event=event, actor=ADMIN, clock=clock)
    fire(
        session=make.session,
        item=c,
        event="sign",
        actor=ADMIN,
        clock=clock,
        data={
            "signed_on": date(2024, 1, 10),
            "valid_from": date(2024, 1, 10),
            "valid_until": until,
        },
    )
    return c


def test_convenio_reminders_sixty_thirty_and_seven_days_before(
    make: Factory, session: Session, settings: Settings
) -> None:
    c = signed_convenio(make, date(2024, 12, 31))
    sent = []
    day = date(2024, 10, 1)
    while day <= date(2024, 12, 31):
        if queued(run_on(session, settings, day), "convenio.expiring"):
            sent.append((day, (date(2024, 12, 31) - day).days))
        day += timedelta(days=1)
    assert sent == [(date(2024, 11, 1), 60), (date(2024, 12, 1), 30), (date(2024, 12, 24), 7)]
    assert c.state == "in_force"


def test_the_day_after_validity_the_system_fires_expire(
    make: Factory, session: Session, settings: Settings
) -> None:
    c = signed_convenio(make, date(2024, 6, 30))
    assert queued(run_on(session, settings, date(2024, 6, 30)), "convenio.expire") == []
    assert queued(run_on(session, settings, date(2024, 7, 1)), "convenio.expire") == [c.key]
    assert c.state == "expired"
    last = session.scalars(
        select(Transition)
        .where(Transition.item_id == c.id, Transition.item_kind == "convenio")
        .order_by(Transition.id.desc())
    ).first()
    assert last is not None and last.event == "expire" and last.actor_label == "Sistema"
    assert [e.payload["to"] for e in events(session, "convenio.expire", c.id)] == ["expired"]
    assert queued(run_on(session, settings, date(2024, 7, 1)), "convenio.expire") == []


def test_weekly_digest_goes_out_once_a_week_to_areas_and_secretariat(
    make: Factory, session: Session, settings: Settings
) -> None:
    area, quiet_area = make.area(), make.area()
    head = make.person("area", area)
    make.person("area", quiet_area)  # nothing open: no digest
    secretariat = make.person("secretariat")
    make.person("member")
    make.agreement([area], deadline=date(2024, 6, 7))
    make.agreement([area], deadline=date(2024, 6, 12))
    digests = queued(run_on(session, settings, date(2024, 6, 10)), "user.digest")  # Monday
    assert sorted(digests) == sorted([head.user.name, secretariat.user.name])
    assert queued(run_on(session, settings, date(2024, 6, 12)), "user.digest") == []
    mine = next(e for e in _all(session, "user.digest") if e.item_id == head.user.id)
    assert mine.payload["week"] == "2024-W24"
    assert (
        mine.payload["open"],
        mine.payload["overdue_count"],
        mine.payload["due_soon_count"],
    ) == (
        2,
        1,
        1,
    )
    assert queued(run_on(session, settings, date(2024, 6, 17)), "user.digest") != []


def test_the_last_run_day_is_recorded(make: Factory, session: Session, settings: Settings) -> None:
    run_on(session, settings, date(2024, 6, 10))
    run_on(session, settings, date(2024, 6, 8))
    assert checks.last_run_day(session=session) == date(2024, 6, 10)


def _all(session: Session, name: str) -> list[DomainEvent]:
    return list(session.scalars(select(DomainEvent).where(DomainEvent.name == name)))
