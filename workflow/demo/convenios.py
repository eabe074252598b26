"""The demo's convenios (the Convenio General INE-IECM with annexes and plan, universities) and
the activities of the commission's work programme."""

from __future__ import annotations

from datetime import date
from typing import Any

from workflow.demo.builder import Demo
from workflow.demo.seed import REPORTED_CUT_OFFS
from workflow.items import activities, convenios
from workflow.reports import convenio_progress


def _convenio(
    d: Demo, title: str, kind: str, counterparts: list[str], areas: list[str], **kw: Any
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


def _signed(d: Demo, c: Any, signed: date, until: date) -> None:
    d.fire(c, "submit_review", "secretariat", signed)
    d.fire(c, "approve", "secretariat", signed)
    d.fire(c, "sign", "secretariat", signed, signed_on=signed, valid_from=signed, valid_until=until)


def load_convenios(d: Demo) -> None:
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


def load_programme(d: Demo) -> None:
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
