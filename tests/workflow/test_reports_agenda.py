"""The draft agenda of an organ's next ordinary session, from its standing items (seed agenda)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow.engine.fire import fire
from workflow.items import meetings
from workflow.reports import agenda, convenio_progress
from workflow.runtime.clock import Clock

D4, D5 = date(2024, 4, 26), date(2024, 5, 24)


def test_the_next_ordinary_session_gets_the_standing_items_of_the_seed(
    session: Session, make: Factory
) -> None:
    area = make.area()
    tz = make.clock.tz
    organ = make.organ()
    m4, m5 = make.meeting(D4, number=4), make.meeting(D5, number=5)
    meetings.fire_minutes_event(
        session=session, actor=ADMIN, clock=make.clock, meeting_id=m4.id, event="approve",
        approved_in=m5.id,
    )  # fmt: skip
    general = make.convenio([area], organ=organ.code, title="Convenio General INE-IECM")
    make.convenio([area], kind="anexo", parent=general.id)
    for event, data in (("submit_review", {}), ("approve", {})):
        fire(session=session, item=general, event=event, actor=ADMIN, clock=make.clock, data=data)
    fire(
        session=session, item=general, event="sign", actor=ADMIN, clock=make.clock,
        data={"signed_on": date(2023, 9, 15), "valid_from": date(2023, 9, 15),
              "valid_until": date(2024, 12, 31)},
    )  # fmt: skip
    make.activity(area, convenio=general, title="Cómputos", due_date=date(2024, 6, 12))
    for i in range(8):
        convenio_progress.issue(
            session=session, actor=ADMIN, clock=make.clock, convenio_id=general.id,
            cut_off=date(2024, 1, 1) + timedelta(days=15 * i),
        )  # fmt: skip
    done_event = make.activity(area, title="Foro Elecciones incluyentes", due_date=date(2024, 6, 7))
    fire(
        session=session, item=done_event, event="complete", actor=ADMIN,
        clock=Clock.on(date(2024, 6, 7), tz),
    )  # fmt: skip
    finished_before = make.activity(area, title="Diálogos Electorales", due_date=date(2024, 5, 10))
    fire(
        session=session, item=finished_before, event="complete", actor=ADMIN,
        clock=Clock.on(date(2024, 5, 10), tz),
    )  # fmt: skip
    make.activity(area, title="Red de Observación", due_date=date(2024, 6, 14))
    make.activity(area, title="Misión de Acompañamiento", due_date=date(2024, 9, 1), relevant=True)
    make.activity(area, title="Plan para 2025", due_date=date(2025, 1, 31))

    draft = agenda.draft(session=session, organ=organ.code, tz=tz, today=D5, day=date(2024, 6, 21))

    assert (draft.number, draft.year, draft.kind, draft.date) == (
        6,
        2024,
        "ordinaria",
        date(2024, 6, 21),
    )
    assert draft.session_name == "Sexta sesión ordinaria de 2024"
    texts = [p.text for p in draft.points]
    assert texts[0] == (
        "Presentación y, en su caso, aprobación del proyecto de minuta de la quinta sesión "
        f"ordinaria de 2024 de la {organ.name}."
    )
    assert texts[1] == (
        "Presentación del seguimiento de acuerdos aprobados en la quinta sesión ordinaria de 2024 "
        f"de la {organ.name}, así como los temas relevantes en proceso de cumplimiento."
    )
    assert texts[2] == (
        "Presentación del informe sobre la suscripción y seguimiento de convenios "
        "interinstitucionales."
    )
    assert texts[3].startswith("Presentación de informes sobre el cumplimiento de actividades")
    assert draft.points[3].items == [
        "Noveno informe sobre el avance del cumplimiento de actividades del Convenio General "
        "INE-IECM y sus anexos.",
        "Informe sobre Foro Elecciones incluyentes.",
        "Nota sobre el avance de: Red de Observación.",
        "Nota sobre el avance de: Misión de Acompañamiento.",
    ]
    assert texts[4] == "Asuntos generales."


def test_an_organ_without_sessions_gets_its_first_ordinary_session(
    session: Session, make: Factory
) -> None:
    organ = make.organ()
    draft = agenda.draft(session=session, organ=organ.code, tz=make.clock.tz, today=D5)
    assert draft.number == 1 and draft.year == 2024 and draft.date is None
    assert [p.text for p in draft.points][-1] == "Asuntos generales."
    assert not any("minuta" in p.text for p in draft.points)


def test_pending_minutes_of_several_sessions_are_named_together(
    session: Session, make: Factory
) -> None:
    organ = make.organ()
    make.meeting(D4, number=4)
    make.meeting(D5, number=5)
    draft = agenda.draft(session=session, organ=organ.code, tz=make.clock.tz, today=D5)
    assert draft.points[0].text.startswith(
        "Presentación y, en su caso, aprobación de los proyectos de minuta de la cuarta sesión "
        "ordinaria de 2024 y de la quinta sesión ordinaria de 2024"
    )
    assert draft.number == 6


def test_an_organ_with_its_own_standing_items_gets_them_with_the_reports_under_its_programme(
    session: Session, make: Factory
) -> None:
    area = make.area()
    organ = make.organ()
    organ.standing_items = [
        "Informe de la Presidencia.",
        "Informe sobre el Programa de Trabajo.",
        "Asuntos generales.",
    ]
    make.meeting(D5, number=5)
    make.activity(organ=organ.code, area=area, title="Foro de participación", due_date=D5)
    draft = agenda.draft(session=session, organ=organ.code, tz=make.clock.tz, today=D5)
    texts = [p.text for p in draft.points]
    assert texts[-3:] == organ.standing_items
    assert not any("convenios interinstitucionales" in t for t in texts)
    programme = draft.points[-2]
    assert any("Foro de participación" in item for item in programme.items)


def test_standing_items_that_name_no_programme_get_the_reports_before_the_last_one(
    session: Session, make: Factory
) -> None:
    area = make.area()
    organ = make.organ()
    organ.standing_items = ["Informe de la Presidencia.", "Asuntos generales."]
    make.meeting(D5, number=5)
    make.activity(organ=organ.code, area=area, title="Foro de participación", due_date=D5)
    draft = agenda.draft(session=session, organ=organ.code, tz=make.clock.tz, today=D5)
    texts = [p.text for p in draft.points]
    assert texts[-1] == "Asuntos generales." and texts[-3] == "Informe de la Presidencia."
    assert texts[-2].startswith("Presentación de informes sobre el cumplimiento de actividades")
