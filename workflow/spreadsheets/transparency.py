"""The transparency format for signed convenios, as the transparency portals ask for it.

Article 70, fracción XXXIII of the Ley General de Transparencia y Acceso a la Información
Pública obliges every institution to publish, each quarter, the convenios it signed with the
social and private sectors and with other public bodies. The portals (the Plataforma Nacional
de Transparencia and the local ones) take them in one layout, column by column: the year and the
period reported; the type and name of the convenio; when it was signed and which unit follows
it; who it was signed with (a person's given name and two surnames, or an institution's name);
its objective and the resources it commits; its validity and official publication; links to the
document and to its modifications; who is responsible for the information, when it was
validated and updated; and a note.

A cell the institution has no data for is left empty only where the portal wants a date or a
name; every such gap is explained in the «Nota», in the words the portals are used to, so a
blank is never silent. A quarter with no signed convenio still gives one row that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine.errors import Invalid
from workflow.models import Convenio
from workflow.spreadsheets.file_writers import Sheet

SCOPES: dict[str, str] = {
    "publico": "De coordinación con el sector público",
    "social": "De concertación con el sector social",
    "privado": "De concertación con el sector privado",
    "academico": "De colaboración académica",
    "internacional": "De cooperación internacional",
}
"""The type of convenio, from the type of its counterpart."""
UNCLASSIFIED = "Sin clasificar (registre el tipo de contraparte)"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("ejercicio", "Ejercicio"),
    ("periodo_inicio", "Fecha de inicio del periodo que se informa"),
    ("periodo_termino", "Fecha de término del periodo que se informa"),
    ("tipo_convenio", "Tipo de convenio"),
    ("denominacion", "Denominación del convenio"),
    ("fecha_firma", "Fecha de firma del convenio"),
    ("unidad_responsable", "Unidad administrativa o área responsable del seguimiento"),
    ("nombre", "Nombre(s) con quien se celebra el convenio"),
    ("primer_apellido", "Primer apellido con quien se celebra el convenio"),
    ("segundo_apellido", "Segundo apellido con quien se celebra el convenio"),
    ("razon_social", "Razón social con quien se celebra el convenio"),
    ("objetivo", "Objetivo(s) del convenio"),
    ("fuente_recursos", "Fuente de los recursos que se emplearán"),
    ("descripcion_recursos", "Descripción y/o monto de los recursos públicos entregados"),
    ("vigencia_inicio", "Inicio del periodo de vigencia del convenio"),
    ("vigencia_termino", "Término del periodo de vigencia del convenio"),
    ("fecha_publicacion", "Fecha de publicación en DOF u otro medio oficial"),
    ("hipervinculo_documento", "Hipervínculo al documento, en su caso, a la versión pública"),
    ("hipervinculo_modificaciones", "Hipervínculo al documento con modificaciones, en su caso"),
    (
        "area_responsable_informacion",
        "Área(s) responsable(s) que genera(n), posee(n), publica(n) y actualizan la información",
    ),
    ("fecha_validacion", "Fecha de validación"),
    ("fecha_actualizacion", "Fecha de actualización"),
    ("nota", "Nota"),
)
"""(JSON name, the portal's header), in the order of the format."""

NOTES = {
    "person": (
        "Los campos de nombre, primer apellido y segundo apellido se dejan en blanco porque el "
        "convenio se celebró con personas morales o instituciones, cuya denominación se "
        "registra en la razón social."
    ),
    "counterpart": (
        "No se cuenta con el registro de la contraparte con quien se celebró el convenio."
    ),
    "type": (
        "No se cuenta con el registro del tipo de contraparte, por lo que el tipo de convenio "
        "no se clasificó."
    ),
    "objective": "No se cuenta con el registro del objetivo del convenio.",
    "resources": (
        "No se cuenta con registro de recursos públicos comprometidos en el convenio, por lo que "
        "los campos de fuente y descripción de los recursos se dejan en blanco."
    ),
    "validity": "No se cuenta con las fechas de vigencia del convenio.",
    "publication": "No se cuenta con fecha de publicación en el DOF u otro medio oficial.",
    "document": "No se cuenta con hipervínculo al documento del convenio.",
    "no_changes": (
        "El convenio no ha tenido modificaciones, por lo que no hay hipervínculo a ellas."
    ),
    "change_without_link": "No se cuenta con hipervínculo a los documentos de modificación.",
    "none": (
        "Durante el periodo que se informa no se suscribieron convenios, por lo que las columnas "
        "del convenio se dejan en blanco."
    ),
}
"""The explanation of each gap, as the portals' notes put it."""

QUARTERS: dict[int, str] = {
    1: "Primer trimestre (enero a marzo)",
    2: "Segundo trimestre (abril a junio)",
    3: "Tercer trimestre (julio a septiembre)",
    4: "Cuarto trimestre (octubre a diciembre)",
}
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    """The quarter reported: ejercicio (year) and its first and last day."""

    year: int
    quarter: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @classmethod
    def of(cls, day: date) -> Period:
        """The quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def chosen(cls, year: object, quarter: object, *, today: date) -> Period:
        """The quarter a person asked for (the current one when not given); a year outside
        2000–2100 or a quarter other than 1–4 is refused with a Spanish sentence."""
        current = cls.of(today)
        y = _number(year, current.year, "ejercicio", "El ejercicio")
        q = _number(quarter, current.quarter, "trimestre", "El trimestre")
        if not FIRST_YEAR <= y <= LAST_YEAR:
            raise Invalid(
                f"El ejercicio debe ser un año entre {FIRST_YEAR} y {LAST_YEAR}; recibí «{y}».",
                field="ejercicio",
            )
        if q not in QUARTERS:
            raise Invalid(f"El trimestre debe ser 1, 2, 3 o 4; recibí «{q}».", field="trimestre")
        return cls(y, q)


def _number(value: object, default: int, field: str, label: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        raise Invalid(f"{label} debe ser un número; recibí «{text[:20]}».", field=field)
    return int(text)


MODIFYING_KINDS = ("adenda",)
"""The instruments under a convenio that modify it (an annex carries it out instead)."""


def modifications(session: Session, convenio_ids: list[int]) -> dict[int, list[Convenio]]:
    """The addenda of each of these convenios, oldest first, by the convenio's id."""
    found: dict[int, list[Convenio]] = {}
    if not convenio_ids:
        return found
    rows = session.scalars(
        select(Convenio)
        .where(Convenio.parent_id.in_(convenio_ids), Convenio.convenio_kind.in_(MODIFYING_KINDS))
        .order_by(Convenio.signed_on, Convenio.id)
    ).unique()
    for child in rows:
        if child.parent_id is not None:
            found.setdefault(child.parent_id, []).append(child)
    return found


def _links(changes: list[Convenio]) -> tuple[str, list[str]]:
    """The links to the addenda of a convenio, and what the note says about them."""
    urls = [c.url for c in changes if c.url]
    if not changes:
        return "", [NOTES["no_changes"]]
    if len(urls) < len(changes):
        return "; ".join(urls), [NOTES["change_without_link"]]
    return "; ".join(urls), []


def row(
    convenio: Convenio, period: Period, today: date, changes: list[Convenio] | None = None
) -> list[Any]:
    """One convenio as the portal's row; each gap is said in the note."""
    notes: list[str] = []
    sectors = [c.sector for c in convenio.counterparts]
    kinds = list(dict.fromkeys(SCOPES.get(s or "", UNCLASSIFIED) for s in sectors))
    if not sectors or any(not s for s in sectors):
        notes.append(NOTES["type"])
    names = [c.name for c in convenio.counterparts if c.name]
    notes.append(NOTES["person"] if names else NOTES["counterpart"])
    if not convenio.object.strip():
        notes.append(NOTES["objective"])
    notes.append(NOTES["resources"])
    if convenio.valid_from is None or convenio.valid_until is None:
        notes.append(NOTES["validity"])
    notes.append(NOTES["publication"])
    if not convenio.url:
        notes.append(NOTES["document"])
    modified, said = _links(changes or [])
    notes += said
    areas = "; ".join(a.name for a in convenio.areas)
    return [
        period.year,
        period.start,
        period.end,
        "; ".join(kinds or [UNCLASSIFIED]),
        convenio.title,
        convenio.signed_on,
        areas,
        "",
        "",
        "",
        "; ".join(names),
        convenio.object.strip(),
        "",
        "",
        convenio.valid_from,
        convenio.valid_until,
        None,
        convenio.url or "",
        modified,
        areas,
        today,
        today,
        " ".join(notes),
    ]


def empty_row(period: Period, today: date) -> list[Any]:
    """The one row of a quarter without signed convenios."""
    cells: list[Any] = [None] * len(COLUMNS)
    cells[0], cells[1], cells[2] = period.year, period.start, period.end
    cells[-3], cells[-2], cells[-1] = today, today, NOTES["none"]
    return ["" if c is None and i not in DATE_COLUMNS else c for i, c in enumerate(cells)]


DATE_COLUMNS = frozenset(
    i for i, (name, _) in enumerate(COLUMNS) if name.startswith(("fecha_", "periodo_", "vigencia_"))
)


def sheet(
    records: list[tuple[Any, bool]], *, session: Session, period: Period, today: date
) -> Sheet:
    """The convenios signed within `period` (oldest signature first), each with the links to
    the addenda that modify it."""
    signed = [
        c
        for c, _ in records
        if isinstance(c, Convenio)
        and c.signed_on is not None
        and period.start <= c.signed_on <= period.end
    ]
    signed.sort(key=lambda c: (c.signed_on, c.id))
    changes = modifications(session, [c.id for c in signed])
    rows = [row(c, period, today, changes.get(c.id, [])) for c in signed]
    return Sheet(
        title="Convenios suscritos",
        kind="convenios_transparency",
        names=[name for name, _ in COLUMNS],
        headers=[header for _, header in COLUMNS],
        rows=rows or [empty_row(period, today)],
    )
