"""The demo's acuerdos: the 4th session's in every state, one open from the 3rd."""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.demo.builder import Demo
from workflow.items import agreements
from workflow.models import Meeting


def _agreement(d: Demo, meeting: Meeting, title: str, areas: list[str], **kw: Any) -> Any:
    return agreements.create(
        session=d.s,
        actor=d.people["secretariat"],
        clock=d.clock(meeting.date),
        meeting_id=meeting.id,
        title=title,
        areas=areas,
        **kw,
    )


def load_agreements(d: Demo, m3: Meeting, m4: Meeting) -> None:
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
