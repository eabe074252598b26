"""The data of a session's follow-up report (SPEC §6, §6a), built from real rows on both backends.

The factory's clock is the session's day, so most tests take that day as the cut-off: what
they fire on it is then part of the report (by default it would not be; see
`test_reports_as_of.py`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow.engine import progress
from workflow.engine.editing import edit
from workflow.engine.fire import fire
from workflow.items import meetings
from workflow.models import Meeting
from workflow.reports import followup
from workflow.reports.followup import FollowupReport
from workflow.runtime.clock import Clock

D3, D4, D5 = date(2024, 3, 22), date(2024, 4, 26), date(2024, 5, 24)


def _fire(make: Factory, item: Any, event: str, note: str | None = None, **data: Any) -> None:
    fire(
        session=make.session, item=item, event=event, actor=ADMIN, clock=make.clock, note=note,
        data=data,
    )  # fmt: skip


def _report(session: Session, make: Factory, meeting: Meeting) -> FollowupReport:
    return followup.build(session=session, meeting_id=meeting.id, tz=make.clock.tz, as_of=D5)


def _extraordinary(make: Factory, day: date, number: int) -> Meeting:
    return meetings.create(
        session=make.session,
        actor=ADMIN,
        organ=make.organ().code,
        kind="extraordinaria",
        number=number,
        year=day.year,
        day=day,
        at=None,
        modality="virtual",
        agenda=[],
    )


def test_every_agreement_of_the_previous_session_appears_with_its_state(
    session: Session, make: Factory
) -> None:
    area, other = make.area(), make.area()
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    approved = make.agreement([area, other], m4, title="Sin atender", deadline=date(2024, 5, 10))
    started = make.agreement([area], m4, title="En proceso", deadline=date(2024, 6, 14))
    _fire(make, started, "start")
    fulfilled = make.agreement([area], m4, title="Cumplido", deadline=date(2024, 5, 1))
    _fire(make, fulfilled, "report_fulfillment", "Hecho")
    _fire(make, fulfilled, "confirm")
    cancelled = make.agreement([area], m4, title="Sin efectos", deadline=date(2024, 5, 1))
    _fire(make, cancelled, "cancel", "Superado por otro acuerdo")
    permanent = make.agreement([area], m4, title="Permanente", deadline=None)
    make.agreement([area], m5, title="De la propia sesión")

    report = _report(session, make, m5)

    assert report.previous_sessions == [m4.key]
    assert report.as_of == D5
    default = followup.build(session=session, meeting_id=m5.id, tz=make.clock.tz)
    assert default.as_of == date(2024, 5, 23), "the day before the session"
    assert default.approved.rows == [], "registered on the 24th: not there at the cut-off"
    rows = {r.key: r for r in report.approved.rows}
    assert [r.number for r in report.approved.rows] == [1, 2, 3, 4, 5]
    assert list(rows) == [a.key for a in (approved, started, fulfilled, cancelled, permanent)]
    assert {k: r.state_label for k, r in rows.items()} == {
        approved.key: "Aprobado",
        started.key: "En proceso",
        fulfilled.key: "Cumplido",
        cancelled.key: "Sin efectos",
        permanent.key: "Aprobado",
    }
    assert rows[approved.key].overdue and rows[approved.key].areas == [area.code, other.code]
    assert not rows[fulfilled.key].overdue, "a fulfilled agreement is never overdue"
    assert not rows[permanent.key].overdue and rows[permanent.key].deadline is None
    assert rows[approved.key].meeting == m4.key
    assert report.approved.overdue == 1
    assert {c.label: c.count for c in report.approved.counts} == {
        "Aprobado": 2,
        "En proceso": 1,
        "Cumplido": 1,
        "Sin efectos": 1,
    }
    assert report.header.session_name == "Quinta sesión ordinaria de 2024"
    assert "cuarta sesión ordinaria de 2024" in report.title


def test_actions_are_dated_sentences_oldest_first_and_say_who_acted(
    session: Session, make: Factory
) -> None:
    area = make.area()
    secretariat = make.person("secretariat").actor
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    agreement = make.agreement([area], m4)
    tz = make.clock.tz
    fire(session=session, item=agreement, event="start", actor=secretariat, clock=Clock.on(D4, tz))
    progress.record_update(
        session=session,
        actor=secretariat,
        clock=Clock.on(date(2024, 5, 20), tz),
        item=agreement,
        note="Oficio enviado",
        progress=40,
    )
    fire(
        session=session,
        item=agreement,
        event="reschedule",
        actor=secretariat,
        clock=Clock.on(date(2024, 5, 21), tz),
        note="Por acuerdo de la Comisión",
        data={"deadline": date(2024, 6, 30)},
    )

    (row,) = _report(session, make, m5).approved.rows

    assert [a.text for a in row.actions] == [
        "La Secretaría Técnica inició la atención del acuerdo el 26 de abril de 2024.",
        "20 de mayo de 2024: Oficio enviado",
        "La Secretaría Técnica reprogramó el plazo el 21 de mayo de 2024. "
        "Nuevo plazo: 30 de junio de 2024. Por acuerdo de la Comisión.",
    ]
    assert not any(secretariat.label in a.text for a in row.actions)
    assert row.progress == 40 and row.deadline == date(2024, 6, 30) and not row.overdue


def test_extraordinary_sessions_since_the_last_ordinary_one_are_followed_up_too(
    session: Session, make: Factory
) -> None:
    area = make.area()
    m3, m4 = make.meeting(D3, number=3), make.meeting(D4, number=4)
    extra = _extraordinary(make, date(2024, 5, 6), number=2)
    m5 = make.meeting(D5, number=5)
    old = make.agreement([area], m3, title="De la tercera")
    of_m4 = make.agreement([area], m4)
    of_extra = make.agreement([area], extra)

    report = _report(session, make, m5)

    assert report.previous_sessions == [m4.key, extra.key]
    assert [r.key for r in report.approved.rows] == [of_m4.key, of_extra.key]
    assert [r.key for r in report.still_open.rows] == [old.key]
    assert "primera" not in report.title and "segunda sesión extraordinaria" in report.title


def test_earlier_sessions_show_open_agreements_and_those_closed_since_the_last_session(
    session: Session, make: Factory
) -> None:
    area = make.area()
    tz = make.clock.tz
    m2, m3 = make.meeting(date(2024, 2, 23), number=2), make.meeting(D3, number=3)
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    open_old = make.agreement([area], m2, deadline=date(2024, 3, 1))
    reviewing = make.agreement([area], m3, deadline=date(2024, 6, 1))
    _fire(make, reviewing, "report_fulfillment", "Listo")
    closed_long_ago = make.agreement([area], m3)
    fire(
        session=session, item=closed_long_ago, event="cancel", actor=ADMIN,
        clock=Clock.on(date(2024, 4, 1), tz), note="Ya no aplica",
    )  # fmt: skip
    closed_lately = make.agreement([area], m3)
    fire(
        session=session, item=closed_lately, event="cancel", actor=ADMIN,
        clock=Clock.on(date(2024, 5, 2), tz), note="Superado",
    )  # fmt: skip
    make.agreement([area], m4)

    report = _report(session, make, m5)

    assert [r.key for r in report.still_open.rows] == [open_old.key, reviewing.key]
    assert [r.state_label for r in report.still_open.rows] == [
        "Aprobado",
        "En revisión de cumplimiento",
    ]
    assert report.still_open.overdue == 1
    assert [(r.key, r.state_label) for r in report.closed.rows] == [
        (closed_lately.key, "Sin efectos")
    ]


def test_relevant_topics_are_the_relevant_items_not_yet_final_not_listed_before(
    session: Session, make: Factory
) -> None:
    area = make.area()
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    relevant = make.agreement([area], m4, relevant=True)
    finished = make.agreement([area], m4, relevant=True)
    _fire(make, finished, "cancel", "Superado")
    make.agreement([area], m4, relevant=False)
    convenio = make.convenio([area], organ=make.organ().code, relevant=True)
    make.convenio([area], organ=make.organ().code, relevant=False)
    programme = make.activity(area, relevant=True, due_date=date(2024, 6, 1))
    under_convenio = make.activity(area, convenio=convenio, relevant=True)
    completed = make.activity(area, relevant=True)
    _fire(make, completed, "complete")

    report = _report(session, make, m5)

    assert relevant.key in [r.key for r in report.approved.rows], "listed with its session"
    assert [r.key for r in report.relevant.rows] == [
        convenio.key,
        programme.key,
        under_convenio.key,
    ]
    assert {c.label: c.count for c in report.relevant.counts} == {
        "Convenios": 1,
        "Actividades": 2,
    }
    assert report.relevant.rows[0].kind_label == "Convenio"
    every = [r.key for s in report.sections for r in s.rows]
    every += [r.key for g in report.convenios.groups for r in g.rows]
    assert len(every) == len(set(every)), "each item once"


def test_items_of_another_organ_stay_out(session: Session, make: Factory) -> None:
    area = make.area()
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    mine = make.agreement([area], m4, relevant=True)
    other = meetings.create(
        session=session,
        actor=ADMIN,
        organ=make.organ("OTRO").code,
        kind="ordinaria",
        number=4,
        year=2024,
        day=D4,
        at=None,
        modality="virtual",
        agenda=[],
    )
    make.agreement([area], other, relevant=True)
    make.convenio([area], organ="OTRO", relevant=True)

    report = _report(session, make, m5)

    assert [r.key for r in report.approved.rows] == [mine.key]
    assert report.relevant.rows == []
    assert report.convenios.total == 0


def test_convenios_are_grouped_and_counted(session: Session, make: Factory) -> None:
    area = make.area()
    organ = make.organ().code
    make.meeting(D4, number=4)
    m5 = make.meeting(D5, number=5)

    def signed(title: str, on: date, until: date) -> Any:
        c = make.convenio([area], organ=organ, title=title)
        _fire(make, c, "submit_review")
        _fire(make, c, "approve")
        _fire(make, c, "sign", signed_on=on, valid_from=on, valid_until=until)
        return c

    recent = signed("Firmado en el periodo", date(2024, 5, 2), date(2025, 5, 1))
    expiring = signed("Vence pronto", date(2023, 7, 1), date(2024, 7, 15))
    concluded = signed("Concluido", date(2023, 1, 10), date(2024, 12, 31))
    _fire(make, concluded, "conclude")
    drafting = make.convenio([area], organ=organ, title="En elaboración")
    institution_wide = make.convenio([area], title="Sin órgano")

    summary = _report(session, make, m5).convenios

    def keys(group: str) -> list[str]:
        return [r.key for r in summary.group(group).rows]

    assert keys("signed") == [recent.key]
    assert keys("in_preparation") == [drafting.key, institution_wide.key]
    assert keys("expiring") == [expiring.key]
    assert keys("in_force") == [], "in force, but listed once: signed in the period or expiring"
    assert keys("closed") == [concluded.key]
    assert summary.total == 5
    counts = {c.state: c.count for c in summary.by_state}
    assert counts["in_force"] == 2 and counts["drafting"] == 2 and counts["concluded"] == 1
    (row,) = summary.group("expiring").rows
    assert row.expires_soon and row.counterparts == ["Universidad"]
    assert row.valid_until == date(2024, 7, 15) and row.state_label == "Vigente"


def test_a_deadline_rescheduled_after_the_cut_off_shows_the_old_one_until_then(
    session: Session, make: Factory
) -> None:
    area = make.area()
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    make.clock = Clock.on(D4, make.clock.tz)
    moved = make.agreement([area], m4, title="Reprogramado", deadline=date(2024, 5, 10))
    convenio = make.convenio([area], organ=make.organ().code, title="Ampliado")
    make.clock = Clock.on(date(2024, 4, 30), make.clock.tz)
    for event in ("submit_review", "approve"):
        _fire(make, convenio, event)
    _fire(make, convenio, "sign", **_signed(date(2024, 4, 30), date(2024, 6, 30)))
    make.clock = Clock.on(date(2024, 6, 3), make.clock.tz)
    _fire(make, moved, "reschedule", "Se amplía el plazo", deadline=date(2024, 6, 14))
    _fire(make, convenio, "extend", "Adenda", valid_until=date(2025, 6, 30))
    session.flush()

    presented = followup.build(session=session, meeting_id=m5.id, tz=make.clock.tz)
    later = followup.build(
        session=session, meeting_id=m5.id, tz=make.clock.tz, as_of=date(2024, 6, 3)
    )

    def deadline(report: FollowupReport, key: str) -> date | None:
        rows = [r for s in report.sections for r in s.rows]
        rows += [r for g in report.convenios.groups for r in g.rows]
        return next(r.deadline for r in rows if r.key == key)

    assert presented.as_of == date(2024, 5, 23)
    assert deadline(presented, moved.key) == date(2024, 5, 10), "rescheduled only in June"
    assert next(r for r in presented.approved.rows if r.key == moved.key).overdue
    assert deadline(presented, convenio.key) == date(2024, 6, 30), "extended only in June"
    assert deadline(later, moved.key) == date(2024, 6, 14)
    assert deadline(later, convenio.key) == date(2025, 6, 30)


def test_items_created_after_the_cut_off_are_in_no_section_and_no_count(
    session: Session, make: Factory
) -> None:
    area = make.area()
    organ = make.organ().code
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    make.clock = Clock.on(D4, make.clock.tz)
    early = make.agreement([area], m4, title="A tiempo")
    known = make.convenio([area], organ=organ, title="Conocido", relevant=True)
    make.activity(area, title="Actividad conocida")
    make.clock = Clock.on(date(2024, 5, 28), make.clock.tz)
    late = make.agreement([area], m4, title="Capturado después", relevant=True)
    new = make.convenio([area], organ=organ, title="Nuevo", relevant=True)
    make.activity(area, title="Actividad nueva", relevant=True)
    make.activity(area, new, title="Actividad del convenio nuevo")
    session.flush()

    presented = followup.build(session=session, meeting_id=m5.id, tz=make.clock.tz)
    later = followup.build(
        session=session, meeting_id=m5.id, tz=make.clock.tz, as_of=date(2024, 5, 28)
    )

    keys = {r.key for s in presented.sections for r in s.rows}
    keys |= {r.key for g in presented.convenios.groups for r in g.rows}
    assert early.key in keys and known.key in keys
    assert late.key not in keys and new.key not in keys
    assert [r.title for r in presented.programme.rows] == ["Actividad conocida"]
    assert presented.convenios.total == 1
    assert sum(c.count for c in presented.relevant.counts) == 1
    later_keys = {r.key for s in later.sections for r in s.rows}
    assert {late.key, new.key} <= later_keys and later.convenios.total == 2


def _signed(on: date, until: date) -> dict[str, date]:
    return {"signed_on": on, "valid_from": on, "valid_until": until}


def test_an_activity_due_date_edited_after_the_cut_off_shows_the_old_one(
    session: Session, make: Factory
) -> None:
    area = make.area()
    m5 = make.meeting(D5, number=5)
    with make.on(D4):
        activity = make.activity(area, title="Informe trimestral", due_date=date(2024, 5, 3))
    edit(
        session=session, actor=ADMIN, clock=Clock.on(date(2024, 6, 3), make.clock.tz),
        item=activity, changes={"due_date": date(2024, 7, 1)},
    )  # fmt: skip
    session.flush()

    presented = followup.build(session=session, meeting_id=m5.id, tz=make.clock.tz)
    later = followup.build(
        session=session, meeting_id=m5.id, tz=make.clock.tz, as_of=date(2024, 6, 3)
    )

    (then,) = presented.programme.rows
    assert (then.deadline, then.overdue) == (date(2024, 5, 3), True), "moved only in June"
    assert later.programme.rows[0].deadline == date(2024, 7, 1)
