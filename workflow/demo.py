"""An illustrative data set built from the seed agenda (CPVOE, 5ª sesión ordinaria de 2024).

Names of areas, people, agreements and convenios are plausible, not official records.
Every state change goes through `fire`, so the demo's history looks like real use.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from states import Role
from workflow import activities, agreements, convenios, directory, meetings, progress
from workflow.actors import Actor
from workflow.clock import Clock
from workflow.fire import fire
from workflow.models import DomainEvent, Meeting, Organ, User, utcnow
from workflow.reports import convenio_progress

DEMO_PASSWORD = "demo1234"
ORGAN = ("CPVOE", "Comisión Provisional de Vinculación con Organismos Externos")
AREAS = [
    ("UTVOE", "Unidad Técnica de Vinculación con Organismos Externos"),
    ("DEOEYG", "Dirección Ejecutiva de Organización Electoral y Geoestadística"),
    ("DECEYEC", "Dirección Ejecutiva de Educación Cívica y Construcción de Ciudadanía"),
    ("SE", "Secretaría Ejecutiva"),
    ("UTAJ", "Unidad Técnica de Asuntos Jurídicos"),
    ("UTCS", "Unidad Técnica de Comunicación Social"),
]
PEOPLE = [
    ("admin@demo.seguimiento.mx", "Administración del sistema", "admin", None),
    (
        "secretaria@demo.seguimiento.mx",
        "Mtra. Laura Méndez (Secretaría Técnica)",
        "secretariat",
        None,
    ),
    ("utvoe@demo.seguimiento.mx", "Lic. Andrés Ruiz (titular UTVOE)", "area", "UTVOE"),
    ("deoeyg@demo.seguimiento.mx", "Ing. Carmen Soto (enlace DEOEyG)", "area", "DEOEYG"),
    ("deceyec@demo.seguimiento.mx", "Mtro. Jorge Lara (enlace DECEyEC)", "area", "DECEYEC"),
    ("integrante@demo.seguimiento.mx", "Consejera Ana Torres (integrante)", "member", None),
]

AGENDA_5SO: list[tuple[str, list[str]]] = [
    (
        "Presentación y, en su caso, aprobación del proyecto de minuta de la cuarta sesión "
        "ordinaria de 2024 de la Comisión Provisional de Vinculación con Organismos Externos.",
        [],
    ),
    (
        "Presentación del seguimiento de acuerdos aprobados en la cuarta sesión ordinaria de 2024 "
        "de la Comisión Provisional de Vinculación con Organismos Externos, así como los temas "
        "relevantes en proceso de cumplimiento.",
        [],
    ),
    (
        "Presentación del informe sobre la suscripción y seguimiento de convenios interinstitucionales.",
        [],
    ),
    (
        "Presentación de informes sobre el cumplimiento de actividades contempladas en el Programa "
        "de Trabajo de la Comisión Provisional de Vinculación con Organismos Externos.",
        [
            "Noveno informe sobre el avance del cumplimiento de actividades y plan integral del "
            "Convenio General de Coordinación y Colaboración INE-IECM para el Proceso Electoral "
            "Concurrente 2023-2024 y sus Anexos.",
            "Informe sobre las actividades con la Red de Observación del IECM.",
            "Informe sobre las actividades realizadas en el marco de la Estrategia de Vinculación "
            "con Universidades.",
            "Informe sobre los eventos Red Flag: “La violencia política por razón de género en los "
            "procesos electorales” y “Fake News en los Procesos Electorales”.",
            "Informe sobre el evento “Diálogos Electorales: Desafíos y Oportunidades en el uso de "
            "Inteligencia Artificial en la Democracia”.",
            "Informe sobre la “Segunda reunión de la Mesa de acompañamiento con organizaciones de la "
            "sociedad civil y organismos internacionales para el voto de las personas en prisión "
            "preventiva (VPPP)”.",
            "Informe sobre el Foro Elecciones incluyentes desde la perspectiva de la comunidad "
            "LGBTTTIQ+: avances y retos.",
            "Segunda nota sobre el avance de la organización de la Misión de Acompañamiento de "
            "Personas Observadoras y Visitantes Extranjeras en el marco del Proceso Electoral Local "
            "Ordinario 2023-2024.",
            "Nota Informativa sobre la Reunión con la Misión de Acompañamiento de IDEA Internacional.",
            "Nota informativa sobre las acciones de vinculación para la promoción del voto desde el "
            "extranjero en el marco del Proceso Electoral Local Ordinario 2023-2024.",
        ],
    ),
    ("Asuntos generales.", []),
]

AGENDA_4SO = [
    "Presentación y, en su caso, aprobación del proyecto de minuta de la tercera sesión ordinaria de 2024.",
    "Presentación del seguimiento de acuerdos aprobados en la tercera sesión ordinaria de 2024.",
    "Presentación del informe sobre la suscripción y seguimiento de convenios interinstitucionales.",
    "Presentación de informes sobre el cumplimiento de actividades del Programa de Trabajo.",
    "Asuntos generales.",
]


REPORTED_CUT_OFFS = [
    date(2023, 9, 29),
    date(2023, 10, 27),
    date(2023, 11, 24),
    date(2023, 12, 15),
    date(2024, 1, 26),
    date(2024, 2, 23),
    date(2024, 3, 22),
    date(2024, 4, 26),
]
"""Eight progress reports of the Convenio General already presented, so the 5th session's is the
ninth ("Noveno informe…"), as in the seed agenda."""


def is_empty(*, session: Session) -> bool:
    """The demo loads only into a database nobody has used yet."""
    return not (
        session.scalar(select(func.count()).select_from(Organ))
        or session.scalar(select(func.count()).select_from(User))
    )


class _Demo:
    def __init__(self, session: Session, tz: ZoneInfo) -> None:
        self.s = session
        self.tz = tz
        self.system = Actor(
            role=Role.admin, user_id=None, area_id=None, label="Carga de demostración"
        )
        self.people: dict[str, Actor] = {}

    def clock(self, day: date) -> Clock:
        return Clock.on(day, self.tz)

    def at(self, day: date) -> dict[str, Any]:
        return {"session": self.s, "clock": self.clock(day)}

    def fire(
        self, item: Any, event: str, who: str, day: date, note: str | None = None, **data: Any
    ) -> None:
        fire(item=item, event=event, actor=self.people[who], note=note, data=data, **self.at(day))

    def update(
        self,
        item: Any,
        who: str,
        day: date,
        note: str,
        pct: int | None = None,
        url: str | None = None,
    ) -> None:
        progress.add_update(
            item=item,
            actor=self.people[who],
            note=note,
            progress=pct,
            evidence_url=url,
            **self.at(day),
        )


def load(*, session: Session, tz: ZoneInfo) -> list[str]:
    """Create the demo; returns lines that say what was loaded and how to sign in."""
    d = _Demo(session, tz)
    directory.create_organ(
        session=session,
        actor=d.system,
        code=ORGAN[0],
        name=ORGAN[1],
        valid_from=date(2023, 10, 1),
        valid_until=date(2024, 12, 31),
    )
    for code, name in AREAS:
        directory.create_area(session=session, actor=d.system, code=code, name=name)
    for email, name, role, area in PEOPLE:
        user, _ = directory.create_user(
            session=session,
            actor=d.system,
            email=email,
            name=name,
            role=role,
            area=area,
            password=DEMO_PASSWORD,
        )
        d.people[role if role != "area" else area or role] = Actor.of(user)

    m3 = meetings.create(
        session=session,
        actor=d.system,
        organ="CPVOE",
        kind="ordinaria",
        number=3,
        year=2024,
        day=date(2024, 3, 22),
        at=time(11, 0),
        modality="virtual",
        agenda=[meetings.AgendaPoint(t) for t in AGENDA_4SO],
    )
    m4 = meetings.create(
        session=session,
        actor=d.system,
        organ="CPVOE",
        kind="ordinaria",
        number=4,
        year=2024,
        day=date(2024, 4, 26),
        at=time(11, 0),
        modality="virtual",
        agenda=[meetings.AgendaPoint(t) for t in AGENDA_4SO],
    )
    m5 = meetings.create(
        session=session,
        actor=d.system,
        organ="CPVOE",
        kind="ordinaria",
        number=5,
        year=2024,
        day=date(2024, 5, 24),
        at=time(11, 0),
        modality="virtual",
        agenda=[meetings.AgendaPoint(t, items) for t, items in AGENDA_5SO],
    )
    meetings.fire_minutes_event(
        session=session,
        actor=d.people["secretariat"],
        clock=d.clock(date(2024, 4, 26)),
        meeting_id=m3.id,
        event="approve",
        approved_in=m4.id,
    )

    _agreements(d, m3, m4)
    _convenios(d)
    _programme(d)
    # The demo's history is the past, not news: nobody is told about it.
    session.execute(
        update(DomainEvent)
        .where(DomainEvent.fanned_out_at.is_(None))
        .values(fanned_out_at=utcnow())
    )
    return [
        "Órgano CPVOE, 6 áreas, sesiones 3ª, 4ª y 5ª ordinarias de 2024 (la 5ª con el orden del día real).",
        "Acuerdos de la 4ª sesión en cada estado; convenio general INE-IECM con anexos y plan; convenios con universidades.",
        f"Personas (contraseña «{DEMO_PASSWORD}»): "
        + ", ".join(f"{e} ({r})" for e, _, r, _ in PEOPLE),
        f"Sesión para el informe de seguimiento: id {m5.id} (5ª ordinaria).",
    ]


def _agreement(d: _Demo, meeting: Meeting, title: str, areas: list[str], **kw: Any) -> Any:
    return agreements.create(
        session=d.s,
        actor=d.people["secretariat"],
        clock=d.clock(meeting.date),
        meeting_id=meeting.id,
        title=title,
        areas=areas,
        **kw,
    )


def _agreements(d: _Demo, m3: Meeting, m4: Meeting) -> None:
    old = _agreement(
        d,
        m3,
        "Integrar el directorio de instituciones de educación superior para la Estrategia de Vinculación",
        ["UTVOE"],
        text="Se instruye a la UTVOE integrar y mantener actualizado el directorio de "
        "instituciones de educación superior con las que se coordinan actividades.",
        deadline=date(2024, 4, 19),
        relevant=True,
    )
    d.fire(old, "start", "UTVOE", date(2024, 3, 25))
    d.update(
        old, "UTVOE", date(2024, 4, 12), "Se integró el 70 % del directorio (41 instituciones).", 70
    )

    a1 = _agreement(
        d,
        m4,
        "Presentar el calendario de eventos de la Red de Observación del IECM",
        ["UTVOE", "DECEYEC"],
        text="Se aprueba que la UTVOE, con apoyo de la DECEyEC, presente a la Comisión el calendario "
        "de eventos de la Red de Observación para el periodo mayo-junio de 2024.",
        deadline=date(2024, 5, 10),
    )
    d.fire(a1, "start", "UTVOE", date(2024, 4, 29))
    d.update(
        a1,
        "UTVOE",
        date(2024, 5, 8),
        "Calendario preliminar circulado a las oficinas de consejerías.",
        60,
    )

    a2 = _agreement(
        d,
        m4,
        "Dar seguimiento a la Misión de Acompañamiento de Personas Observadoras y Visitantes Extranjeras",
        ["UTVOE", "DEOEYG"],
        text="Informar en cada sesión el avance en la organización de la Misión "
        "de Acompañamiento en el marco del Proceso Electoral Local Ordinario 2023-2024.",
        deadline=date(2024, 6, 14),
        relevant=True,
    )
    d.fire(a2, "start", "UTVOE", date(2024, 4, 30))
    d.update(
        a2,
        "UTVOE",
        date(2024, 5, 20),
        "Se registraron 38 personas visitantes extranjeras acreditadas por el INE.",
        45,
    )

    a3 = _agreement(
        d,
        m4,
        "Remitir a las consejerías la memoria del foro «Elecciones incluyentes»",
        ["DECEYEC"],
        text="Remitir a las personas integrantes de la Comisión la memoria del foro Elecciones "
        "incluyentes desde la perspectiva de la comunidad LGBTTTIQ+.",
        deadline_business_days=10,
    )
    d.update(
        a3,
        "DECEYEC",
        date(2024, 5, 9),
        "Memoria remitida mediante oficio IECM/DECEyEC/0412/2024.",
        100,
        "https://www.iecm.mx/",
    )
    d.fire(
        a3,
        "report_fulfillment",
        "DECEYEC",
        date(2024, 5, 9),
        "Se remitió la memoria por oficio; se adjunta acuse.",
    )

    a4 = _agreement(
        d,
        m4,
        "Publicar en el portal institucional el informe del evento «Diálogos Electorales»",
        ["UTCS", "UTVOE"],
        text="Publicar el informe del evento Diálogos Electorales: Desafíos y Oportunidades en el uso "
        "de Inteligencia Artificial en la Democracia.",
        deadline=date(2024, 5, 17),
    )
    d.fire(a4, "start", "secretariat", date(2024, 4, 29))
    d.fire(
        a4,
        "report_fulfillment",
        "secretariat",
        date(2024, 5, 15),
        "Publicado en la sección de vinculación.",
    )
    d.fire(a4, "confirm", "secretariat", date(2024, 5, 16))

    a5 = _agreement(
        d,
        m4,
        "Elaborar propuesta de lineamientos para la Mesa de acompañamiento VPPP",
        ["UTVOE", "UTAJ"],
        text="Elaborar la propuesta de lineamientos de la Mesa de acompañamiento para el voto de las "
        "personas en prisión preventiva.",
        deadline=date(2024, 5, 31),
    )
    d.fire(
        a5,
        "cancel",
        "secretariat",
        date(2024, 5, 20),
        "Sin efectos: el tema se atiende conforme al acuerdo del Consejo General IECM/ACU-CG-051/2024.",
    )

    a6 = _agreement(
        d,
        m4,
        "Informar permanentemente las acciones de promoción del voto desde el extranjero",
        ["UTVOE"],
        text="Mantener informada a la Comisión de las acciones de vinculación para la promoción del "
        "voto de la ciudadanía residente en el extranjero.",
        deadline=None,
        relevant=True,
    )
    d.update(
        a6,
        "UTVOE",
        date(2024, 5, 21),
        "Se realizaron 4 conversatorios virtuales con clubes de migrantes.",
        50,
    )

    a7 = _agreement(
        d,
        m4,
        "Actualizar el plan integral de coordinación INE-IECM con las fechas del cómputo",
        ["DEOEYG"],
        text="Actualizar el plan integral y calendario de coordinación con las fechas aprobadas para "
        "los cómputos distritales.",
        deadline=date(2024, 5, 3),
    )
    d.fire(
        a7,
        "reschedule",
        "secretariat",
        date(2024, 5, 2),
        "Se amplía el plazo por acuerdo de la Comisión.",
        deadline=date(2024, 5, 31),
    )
    d.fire(a7, "start", "DEOEYG", date(2024, 5, 6))


def _convenio(
    d: _Demo, title: str, kind: str, counterparts: list[str], areas: list[str], **kw: Any
) -> Any:
    return convenios.create(
        session=d.s,
        actor=d.people["secretariat"],
        clock=d.clock(date(2023, 9, 1)),
        title=title,
        kind=kind,
        counterparts=counterparts,
        areas=areas,
        organ="CPVOE",
        **kw,
    )


def _signed(d: _Demo, c: Any, signed: date, until: date) -> None:
    d.fire(c, "submit_review", "secretariat", signed)
    d.fire(c, "approve", "secretariat", signed)
    d.fire(c, "sign", "secretariat", signed, signed_on=signed, valid_from=signed, valid_until=until)


def _convenios(d: _Demo) -> None:
    general = _convenio(
        d,
        "Convenio General de Coordinación y Colaboración INE-IECM para el Proceso Electoral Concurrente 2023-2024",
        "general",
        ["Instituto Nacional Electoral"],
        ["UTVOE", "DEOEYG"],
        object="Establecer las bases de coordinación para la organización del Proceso Electoral "
        "Concurrente 2023-2024 en la Ciudad de México.",
        relevant=True,
        key="INE-IECM/2023/GEN",
    )
    _signed(d, general, date(2023, 9, 15), date(2024, 12, 31))
    annexes = []
    for title, key in (
        ("Anexo Técnico número uno al Convenio General INE-IECM", "INE-IECM/2023/AT1"),
        ("Anexo Financiero número uno al Convenio General INE-IECM", "INE-IECM/2023/AF1"),
    ):
        annex = _convenio(
            d,
            title,
            "anexo",
            ["Instituto Nacional Electoral"],
            ["DEOEYG"],
            parent=general.id,
            key=key,
        )
        _signed(d, annex, date(2023, 12, 8), date(2024, 12, 31))
        annexes.append(annex)

    plan = [
        (
            "Capacitación conjunta a supervisores y capacitadores-asistentes electorales",
            "DECEYEC",
            date(2024, 3, 31),
            "done",
        ),
        (
            "Ubicación e integración de mesas directivas de casilla únicas",
            "DEOEYG",
            date(2024, 4, 30),
            "done",
        ),
        (
            "Producción y distribución de la documentación electoral local",
            "DEOEYG",
            date(2024, 5, 20),
            "in_progress",
        ),
        (
            "Operación del PREP y conteos rápidos coordinados",
            "DEOEYG",
            date(2024, 6, 3),
            "in_progress",
        ),
        (
            "Acreditación de personas observadoras electorales",
            "UTVOE",
            date(2024, 5, 15),
            "in_progress",
        ),
        (
            "Entrega de la lista nominal de electores residentes en el extranjero",
            "UTVOE",
            date(2024, 4, 15),
            "pending",
        ),
        ("Cómputos distritales y de entidad federativa", "DEOEYG", date(2024, 6, 12), "pending"),
    ]
    for title, area, due, state in plan:
        act = activities.create(
            session=d.s,
            actor=d.people["secretariat"],
            clock=d.clock(date(2023, 12, 8)),
            title=title,
            area=area,
            convenio=general.id,
            due_date=due,
        )
        if state in ("in_progress", "done"):
            d.fire(act, "start", area, date(2024, 1, 15))
            d.update(
                act, area, date(2024, 5, 10), "Avance conforme al calendario del plan integral.", 60
            )
        if state == "done":
            d.fire(act, "complete", area, due)
    for cut_off in REPORTED_CUT_OFFS:
        convenio_progress.issue(
            session=d.s,
            actor=d.people["secretariat"],
            clock=d.clock(cut_off),
            convenio_id=general.id,
            cut_off=cut_off,
        )

    unam = _convenio(
        d,
        "Convenio específico de colaboración con la UNAM para la Estrategia de Vinculación con Universidades",
        "especifico",
        ["Universidad Nacional Autónoma de México"],
        ["UTVOE"],
    )
    _signed(d, unam, date(2024, 2, 12), date(2024, 6, 30))
    uam = _convenio(
        d,
        "Convenio de colaboración con la UAM para la Red de Observación",
        "especifico",
        ["Universidad Autónoma Metropolitana"],
        ["UTVOE", "DECEYEC"],
    )
    d.fire(uam, "submit_review", "UTVOE", date(2024, 4, 2))
    ipn = _convenio(
        d,
        "Convenio marco con el IPN para actividades de educación cívica",
        "general",
        ["Instituto Politécnico Nacional"],
        ["DECEYEC"],
    )
    d.update(
        ipn,
        "DECEYEC",
        date(2024, 5, 6),
        "Se envió el proyecto de convenio al área jurídica del IPN.",
    )
    uacm = _convenio(
        d,
        "Convenio con la UACM para el Foro Elecciones incluyentes",
        "especifico",
        ["Universidad Autónoma de la Ciudad de México"],
        ["UTVOE"],
    )
    _signed(d, uacm, date(2023, 11, 6), date(2024, 3, 31))
    d.fire(
        uacm,
        "conclude",
        "secretariat",
        date(2024, 3, 15),
        "Se realizó el foro y se entregó la memoria.",
    )


def _programme(d: _Demo) -> None:
    items = [
        ("Red de Observación del IECM: jornadas de formación", "UTVOE", date(2024, 5, 31), True),
        (
            "Eventos Red Flag sobre violencia política y desinformación",
            "UTVOE",
            date(2024, 5, 17),
            False,
        ),
        (
            "Diálogos Electorales sobre Inteligencia Artificial en la Democracia",
            "UTVOE",
            date(2024, 5, 10),
            False,
        ),
        (
            "Mesa de acompañamiento para el voto de personas en prisión preventiva",
            "UTVOE",
            date(2024, 6, 28),
            True,
        ),
        (
            "Foro Elecciones incluyentes desde la perspectiva de la comunidad LGBTTTIQ+",
            "DECEYEC",
            date(2024, 5, 3),
            False,
        ),
        (
            "Misión de Acompañamiento de Personas Observadoras y Visitantes Extranjeras",
            "UTVOE",
            date(2024, 6, 2),
            True,
        ),
        ("Promoción del voto desde el extranjero", "UTVOE", date(2024, 6, 2), True),
    ]
    for i, (title, area, due, relevant) in enumerate(items):
        act = activities.create(
            session=d.s,
            actor=d.people["secretariat"],
            clock=d.clock(date(2024, 1, 20)),
            title=title,
            area=area,
            organ="CPVOE",
            due_date=due,
            relevant=relevant,
        )
        if i % 3 != 2:
            d.fire(act, "start", area, date(2024, 2, 1))
        if i in (1, 2):
            d.fire(act, "complete", area, due)
