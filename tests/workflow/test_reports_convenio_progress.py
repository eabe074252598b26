"""Numbered progress reports of a convenio: the number kept per convenio, the Spanish ordinal in
the title, and each activity's state and progress as they stood at the cut-off date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.factories import ADMIN, Factory
from workflow.engine import progress
from workflow.engine.errors import Invalid, NotFound, NotPermitted
from workflow.engine.fire import fire
from workflow.models import Convenio
from workflow.reports import convenio_progress
from workflow.reports.ordinals import ordinal
from workflow.runtime.clock import Clock

ORDINALS = {
    1: "primer",
    2: "segundo",
    3: "tercer",
    4: "cuarto",
    5: "quinto",
    6: "sexto",
    7: "séptimo",
    8: "octavo",
    9: "noveno",
    10: "décimo",
    11: "undécimo",
    12: "duodécimo",
    13: "decimotercer",
    14: "decimocuarto",
    15: "decimoquinto",
    16: "decimosexto",
    17: "decimoséptimo",
    18: "decimoctavo",
    19: "decimonoveno",
    20: "vigésimo",
    21: "vigésimo primer",
    33: "trigésimo tercer",
}


@pytest.mark.parametrize(("n", "word"), ORDINALS.items())
def test_report_ordinals_in_spanish_words(n: int, word: str) -> None:
    assert ordinal(n) == word


def test_feminine_ordinals_name_sessions() -> None:
    assert [ordinal(n, "f") for n in (1, 3, 5, 9, 11, 21)] == [
        "primera",
        "tercera",
        "quinta",
        "novena",
        "undécima",
        "vigésima primera",
    ]
    assert ordinal(3, before_noun=False) == "tercero"


def _issue(session: Session, make: Factory, convenio: Convenio, cut_off: date) -> int:
    return convenio_progress.issue(
        session=session, actor=ADMIN, clock=make.clock, convenio_id=convenio.id, cut_off=cut_off
    ).number


def test_the_ninth_report_issued_is_the_noveno_informe(session: Session, make: Factory) -> None:
    area = make.area()
    general = make.convenio([area], title="Convenio General de Coordinación INE-IECM")
    make.convenio([area], kind="anexo", parent=general.id, title="Anexo técnico")
    other = make.convenio([area], title="Convenio con la UNAM")
    first_day = date(2024, 1, 31)
    numbers = [_issue(session, make, general, first_day + timedelta(days=10 * i)) for i in range(9)]

    assert numbers == list(range(1, 10))
    assert _issue(session, make, other, date(2024, 5, 1)) == 1, "numbering is per convenio"
    report = convenio_progress.build(
        session=session, convenio_id=general.id, number=9, tz=make.clock.tz
    )
    assert report.heading == "Noveno informe"
    assert report.title == (
        "Noveno informe sobre el avance del cumplimiento de actividades del "
        "Convenio General de Coordinación INE-IECM y sus anexos"
    )
    assert report.previous_cut_off == first_day + timedelta(days=70)
    assert [
        r.number for r in convenio_progress.issued(session=session, convenio_id=general.id)
    ] == (list(range(1, 10)))


def test_issuing_refuses_future_or_earlier_cut_offs_and_people_outside_the_secretariat(
    session: Session, make: Factory
) -> None:
    area = make.area()
    convenio = make.convenio([area])
    _issue(session, make, convenio, date(2024, 5, 10))
    with pytest.raises(Invalid, match="posterior a hoy"):
        _issue(session, make, convenio, make.clock.today() + timedelta(days=1))
    with pytest.raises(Invalid, match="anterior a la del informe 1"):
        _issue(session, make, convenio, date(2024, 5, 1))
    head = make.person("area", area).actor
    with pytest.raises(NotPermitted):
        convenio_progress.issue(
            session=session, actor=head, clock=make.clock, convenio_id=convenio.id
        )
    with pytest.raises(NotFound):
        convenio_progress.build(
            session=session, convenio_id=convenio.id, number=2, tz=make.clock.tz
        )


def test_activities_are_reported_as_they_stood_at_the_cut_off(
    session: Session, make: Factory
) -> None:
    area = make.area()
    tz = make.clock.tz
    convenio = make.convenio([area], title="Convenio General")
    annex = make.convenio([area], kind="anexo", parent=convenio.id)
    capacitación = make.activity(
        area, convenio=convenio, title="Capacitación", due_date=date(2024, 3, 31)
    )
    casillas = make.activity(area, convenio=annex, title="Casillas", due_date=date(2024, 4, 30))
    untouched = make.activity(area, convenio=convenio, title="Cómputos", due_date=date(2024, 6, 12))

    def on(day: date) -> Clock:
        return Clock.on(day, tz)

    fire(session=session, item=capacitación, event="start", actor=ADMIN, clock=on(date(2024, 2, 1)))
    progress.record_update(
        session=session,
        actor=ADMIN,
        clock=on(date(2024, 3, 1)),
        item=capacitación,
        note="Mitad",
        progress=50,
    )
    fire(
        session=session,
        item=capacitación,
        event="complete",
        actor=ADMIN,
        clock=on(date(2024, 4, 5)),
    )
    fire(session=session, item=casillas, event="start", actor=ADMIN, clock=on(date(2024, 4, 20)))

    _issue(session, make, convenio, date(2024, 3, 15))
    _issue(session, make, convenio, date(2024, 4, 30))

    def rows(number: int) -> dict[str, tuple[str, int, bool, bool]]:
        report = convenio_progress.build(
            session=session, convenio_id=convenio.id, number=number, tz=tz
        )
        return {
            a.title: (a.state_label, a.progress, a.overdue, a.changed) for a in report.activities
        }

    assert rows(1) == {
        "Capacitación": ("En proceso", 50, False, False),
        "Casillas": ("Pendiente", 0, False, False),
        "Cómputos": ("Pendiente", 0, False, False),
    }
    assert rows(2) == {
        "Capacitación": ("Concluida", 100, False, True),
        "Casillas": ("En proceso", 0, False, True),
        "Cómputos": ("Pendiente", 0, False, False),
    }
    second = convenio_progress.build(session=session, convenio_id=convenio.id, number=2, tz=tz)
    assert {a.title: a.instrument for a in second.activities}["Casillas"] == annex.key
    assert [c.key for c in second.annexes] == [annex.key]
    assert {c.label: c.count for c in second.counts if c.count} == {
        "Pendiente": 1,
        "En proceso": 1,
        "Concluida": 1,
    }
    assert second.average_progress == 33
    assert untouched.state == "pending"
