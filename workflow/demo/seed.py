"""What the demo is made of: the seed agenda of the CPVOE's 5th ordinary session of 2024, and
plausible areas and people. Illustrative, not official records."""

from datetime import date

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
