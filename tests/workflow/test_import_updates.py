"""Re-importing changes nothing; a changed file updates by key through real lifecycle events."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import Factory, Person
from tests.workflow.transfer_files import AGREEMENT_HEADER, agreement_row, counts, csv_bytes
from workflow.engine.errors import NotPermitted
from workflow.items import meetings
from workflow.models import Activity, Agreement, Area, Convenio, DomainEvent, Transition
from workflow.runtime.clock import Clock
from workflow.spreadsheets.import_report import ImportRefused, Outcome
from workflow.spreadsheets.importing import import_file

MEETING = "CPVOE/4SO/2024"
KEY = f"{MEETING}/01"


@pytest.fixture
def secretariat(make: Factory, session: Session) -> Person:
    make.organ("CPVOE")
    for code in ("UTVOE", "DECEYEC"):
        make.area(code)
    meetings.create(
        session=session,
        actor=make.person("admin").actor,
        organ="CPVOE",
        kind="ordinaria",
        number=4,
        year=2024,
        day=date(2024, 4, 26),
        at=None,
        modality="virtual",
        agenda=[],
    )
    return make.person("secretariat")


def run(
    session: Session, clock: Clock, who: Person, rows: list[list[object]], kind: str = "agreements"
) -> Outcome:
    return import_file(
        session=session,
        actor=who.actor,
        clock=clock,
        kind=kind,
        data=csv_bytes(rows),
        filename="seguimiento.csv",
    )


def refused(
    session: Session, clock: Clock, who: Person, rows: list[list[object]], kind: str = "agreements"
) -> list[str]:
    before = counts(session)
    with pytest.raises(ImportRefused) as caught:
        run(session, clock, who, rows, kind)
    assert counts(session) == before
    return [p.sentence() for p in caught.value.problems]


def history(
    session: Session, item: Agreement | Convenio | Activity
) -> list[tuple[str, str, str | None]]:
    rows = session.scalars(
        select(Transition)
        .where(Transition.item_kind == item.kind, Transition.item_id == item.id)
        .order_by(Transition.id)
    )
    return [(t.event, t.actor_label, t.note) for t in rows]


def test_reimporting_the_same_file_changes_nothing(
    session: Session, clock: Clock, secretariat: Person
) -> None:
    rows = [AGREEMENT_HEADER, agreement_row(KEY, MEETING, state="Cumplido", progress="100")]
    first = run(session, clock, secretariat, rows)
    assert (first.created, first.transitions) == (1, 2)
    agreement = session.scalar(select(Agreement))
    assert agreement is not None
    version, before = agreement.version, counts(session)
    again = run(session, clock, secretariat, rows)
    assert (again.created, again.updated, again.unchanged, again.transitions) == (0, 0, 1, 0)
    assert counts(session) == before and agreement.version == version


def test_a_changed_file_moves_the_state_through_events_recorded_as_an_import(
    session: Session, clock: Clock, secretariat: Person
) -> None:
    run(session, clock, secretariat, [AGREEMENT_HEADER, agreement_row(KEY, MEETING)])
    changed = agreement_row(
        KEY, MEETING, title="Presentar el informe final", state="Cumplido", progress=""
    )
    outcome = run(session, clock, secretariat, [AGREEMENT_HEADER, changed])
    assert outcome.updated == 1
    assert [(c.fields, c.events) for c in outcome.changes] == [
        (["title"], ["report_fulfillment", "confirm"])
    ]
    agreement = session.scalar(select(Agreement))
    assert agreement is not None
    assert (agreement.title, agreement.state, agreement.progress) == (
        "Presentar el informe final",
        "fulfilled",
        100,
    )
    who = "Importación de archivo por Persona secretariat"
    note = "Importado de «seguimiento.csv», fila 2."
    assert history(session, agreement) == [
        ("report_fulfillment", who, note),
        ("confirm", who, note),
    ]
    edited = session.scalar(select(DomainEvent).where(DomainEvent.name == "agreement.edited"))
    assert edited is not None and edited.payload["changes"] == {
        "title": "Presentar el informe final"
    }
    assert edited.payload["source"] == "import" and edited.actor_id == secretariat.user.id


def test_a_new_deadline_is_a_reschedule_and_cannot_be_removed_by_a_file(
    session: Session, clock: Clock, secretariat: Person
) -> None:
    run(session, clock, secretariat, [AGREEMENT_HEADER, agreement_row(KEY, MEETING)])
    moved = agreement_row(KEY, MEETING, deadline="2024-06-14", state="En proceso")
    outcome = run(session, clock, secretariat, [AGREEMENT_HEADER, moved])
    assert outcome.changes[0].events == ["start", "reschedule"]
    agreement = session.scalar(select(Agreement))
    assert agreement is not None and agreement.deadline == date(2024, 6, 14)
    (problem,) = refused(
        session,
        clock,
        secretariat,
        [AGREEMENT_HEADER, agreement_row(KEY, MEETING, deadline="permanente", state="En proceso")],
    )
    assert problem.startswith(
        "Fila 2, columna «plazo»: no puede cambiar en un acuerdo que queda en «En proceso»: "
        "solo lo cambia «Reprogramar plazo», en Aprobado, En proceso"
    )
    assert problem.endswith("Se esperaba el valor registrado (14/06/2024).")


def test_final_states_and_fixed_fields_are_refused_with_the_registered_value(
    session: Session, clock: Clock, secretariat: Person
) -> None:
    meetings.create(
        session=session,
        actor=secretariat.actor,
        organ="CPVOE",
        kind="ordinaria",
        number=3,
        year=2024,
        day=date(2024, 3, 22),
        at=None,
        modality="virtual",
        agenda=[],
    )
    cancelled = agreement_row(KEY, MEETING, state="Sin efectos")
    run(session, clock, secretariat, [AGREEMENT_HEADER, cancelled])
    moved = agreement_row(KEY, "CPVOE/3SO/2024", state="En proceso")
    assert refused(session, clock, secretariat, [AGREEMENT_HEADER, moved]) == [
        "Fila 2, columna «estado»: el acuerdo está en «Sin efectos», un estado final: ya no "
        "cambia de estado. Se esperaba «Sin efectos».",
        "Fila 2, columna «sesión»: no se puede cambiar en un acuerdo ya registrado (registrado: "
        "«CPVOE/4SO/2024»). Se esperaba el valor registrado, o dejar la celda vacía.",
    ]


def test_only_the_secretariat_or_administration_may_import(
    session: Session, clock: Clock, secretariat: Person, make: Factory
) -> None:
    area = session.scalar(select(Area).where(Area.code == "UTVOE"))
    head = make.person("area", area)
    with pytest.raises(NotPermitted):
        run(session, clock, head, [AGREEMENT_HEADER, agreement_row(KEY, MEETING)])


CONVENIO_HEADER = [
    "clave", "título", "tipo", "convenio padre", "contrapartes", "tipo de contraparte", "áreas",
    "fecha de firma", "inicio de vigencia", "fin de vigencia", "estado",
]  # fmt: skip


def convenio(key: str, state: str, signed: str = "", until: str = "", **kw: str) -> list[object]:
    return [
        key, kw.get("title", "Convenio con la UNAM"), kw.get("kind", "específico"),
        kw.get("parent", ""), kw.get("counterparts", "UNAM"), kw.get("types", "académico"),
        "UTVOE", signed, signed, until, state,
    ]  # fmt: skip


def test_a_signed_convenio_needs_its_dates_and_is_signed_through_the_lifecycle(
    session: Session, clock: Clock, secretariat: Person
) -> None:
    problems = refused(
        session,
        clock,
        secretariat,
        [
            CONVENIO_HEADER,
            convenio("C/1", "Vigente"),
            convenio("C/2", "Vigente", "01/06/2024", "31/05/2024"),
            convenio("C/3", "En elaboración", "01/02/2024", "31/12/2024"),
            convenio("C/4", "En elaboración", kind="anexo"),
            convenio(
                "C/5", "En elaboración", counterparts="UNAM; IPN; UAM", types="público; social"
            ),
        ],
        "convenios",
    )
    assert problems == [
        "Fila 2, columna «estado»: para dejar el convenio en «Vigente» hace falta «fecha de "
        "firma», «inicio de vigencia», «fin de vigencia». Se esperaba esas columnas llenas en "
        "esta fila.",
        "Fila 3, columna «fecha de firma»: La vigencia termina antes de empezar: revise "
        "«valid_from» y «valid_until».",
        "Fila 4, columna «fecha de firma»: no puede cambiar en un convenio que queda en «En "
        "elaboración»: solo lo cambia «Registrar suscripción», en Aprobado para suscripción. Se "
        "esperaba la celda vacía.",
        "Fila 5, columna «convenio padre»: un anexo necesita su convenio padre. Se esperaba la "
        "clave del convenio padre.",
        "Fila 6, columna «tipo de contraparte»: da 2 tipos para 3 contrapartes. Se esperaba un "
        "tipo por contraparte, en el mismo orden, o uno solo para todas.",
    ]
    outcome = run(
        session,
        clock,
        secretariat,
        [
            CONVENIO_HEADER,
            convenio("C/1", "Vigente", "15/01/2024", "31/12/2024"),
            convenio("C/1/A1", "Vigente", "01/02/2024", "31/12/2024", kind="anexo", parent="C/1"),
            convenio("C/2", "Vencido", "15/01/2023", "31/12/2023", types="internacional"),
        ],
        "convenios",
    )
    assert [c.events for c in outcome.changes] == [
        ["submit_review", "approve", "sign"],
        ["submit_review", "approve", "sign"],
        ["submit_review", "approve", "sign", "expire"],
    ]
    annex = session.scalar(select(Convenio).where(Convenio.key == "C/1/A1"))
    assert annex is not None and annex.parent is not None and annex.parent.key == "C/1"
    assert (annex.signed_on, annex.valid_until) == (date(2024, 2, 1), date(2024, 12, 31))
    expired = session.scalar(select(Convenio).where(Convenio.key == "C/2"))
    assert expired is not None and expired.counterparts[0].sector == "internacional"
    assert history(session, expired)[-1][:2] == (
        "expire",
        "Sistema (Importación de archivo por Persona secretariat)",
    )
    extended = run(
        session,
        clock,
        secretariat,
        [CONVENIO_HEADER, convenio("C/1", "Vigente", "15/01/2024", "30/06/2025")],
        "convenios",
    )
    assert extended.changes[0].events == ["extend"]


def test_activities_name_their_convenio_or_organ_and_reopen_through_the_lifecycle(
    session: Session, clock: Clock, secretariat: Person, make: Factory
) -> None:
    area = session.scalar(select(Area).where(Area.code == "UTVOE"))
    assert area is not None
    make.convenio([area], key="INE-IECM/GEN")
    header = ["clave", "actividad", "área", "convenio", "órgano", "fecha compromiso", "estado"]
    problems = refused(
        session,
        clock,
        secretariat,
        [
            header,
            ["A/1", "Capacitación", "UTVOE", "INE-IECM/GEN", "CPVOE", "30/06/2024", "Pendiente"],
            ["A/2", "Capacitación", "UTVOE", "OTRO", "", "30/06/2024", "Pendiente"],
        ],
        "activities",
    )
    assert problems == [
        "Fila 2, columna «convenio»: una actividad nueva pertenece a un convenio o al programa de "
        "un órgano. Se esperaba la clave del convenio o la del órgano, una sola.",
        "Fila 3, columna «convenio»: no existe el convenio «OTRO». Se esperaba la clave de un "
        "convenio registrado.",
    ]
    rows = [header, ["A/1", "Capacitación", "utvoe", "INE-IECM/GEN", "", "30/06/2024", "Concluida"]]
    assert run(session, clock, secretariat, rows, "activities").changes[0].events == ["complete"]
    rows[1][-1] = "En proceso"
    assert run(session, clock, secretariat, rows, "activities").changes[0].events == ["reopen"]
    activity = session.scalar(select(Activity).where(Activity.key == "A/1"))
    assert activity is not None and (activity.state, activity.progress) == ("in_progress", 100)


def test_areas_and_organs_are_imported_and_renamed_by_code(
    session: Session, clock: Clock, secretariat: Person
) -> None:
    rows = [
        ["clave", "nombre"],
        ["utcs", "Unidad Técnica de Comunicación Social"],
        ["UTVOE", "Vinculación"],
    ]
    outcome = run(session, clock, secretariat, rows, "areas")
    assert (outcome.created, outcome.updated) == (1, 1)
    names = dict(session.execute(select(Area.code, Area.name)).all())
    assert (
        names["UTCS"] == "Unidad Técnica de Comunicación Social" and names["UTVOE"] == "Vinculación"
    )
    assert session.scalar(select(func.count()).select_from(Area)) == 3
