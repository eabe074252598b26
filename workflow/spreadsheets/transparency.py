"""The transparency format for signed instruments (convenios suscritos).

Mexican transparency obligations (the «convenios de coordinación y de concertación» formats
of the Plataforma Nacional de Transparencia) ask, for each signed instrument: its type, the
date it was signed, the type of counterpart and the counterpart, its scope, the start and end
of its validity, its objective, a link to the document and the responsible unit. The scope is
derived from the type of counterpart: coordination with the public sector, concertation with
the social or private sector, academic collaboration, international cooperation.
"""

from __future__ import annotations

from typing import Any

from states import CONVENIO
from states.vocabulary import CONVENIO_KINDS
from workflow.models import Convenio
from workflow.spreadsheets.column_readers import COUNTERPART_TYPES
from workflow.spreadsheets.file_writers import Sheet

SCOPES: dict[str, str] = {
    "publico": "De coordinación con el sector público",
    "social": "De concertación con el sector social",
    "privado": "De concertación con el sector privado",
    "academico": "De colaboración académica",
    "internacional": "De cooperación internacional",
}
UNCLASSIFIED = "Sin clasificar (registre el tipo de contraparte)"

COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "Clave"),
    ("title", "Denominación del instrumento"),
    ("instrument_type", "Tipo de instrumento"),
    ("signed_on", "Fecha de firma"),
    ("counterpart_type", "Tipo de contraparte"),
    ("counterpart", "Contraparte"),
    ("scope", "Ámbito"),
    ("valid_from", "Inicio de vigencia"),
    ("valid_until", "Fin de vigencia"),
    ("objective", "Objetivo"),
    ("link", "Hipervínculo al documento"),
    ("responsible_area", "Área responsable"),
    ("state", "Estado"),
)
"""(JSON name, Spanish header), in the order of the format."""


def row(convenio: Convenio) -> list[Any]:
    sectors = [c.sector for c in convenio.counterparts]
    scopes = list(dict.fromkeys(SCOPES.get(s or "", UNCLASSIFIED) for s in sectors))
    return [
        convenio.key,
        convenio.title,
        CONVENIO_KINDS.get(convenio.convenio_kind, convenio.convenio_kind),
        convenio.signed_on,
        [COUNTERPART_TYPES.get(s or "", "Sin registrar") for s in sectors],
        [c.name for c in convenio.counterparts],
        scopes or [UNCLASSIFIED],
        convenio.valid_from,
        convenio.valid_until,
        convenio.object,
        convenio.url,
        [a.name for a in convenio.areas],
        CONVENIO.state_label(convenio.state),
    ]


def sheet(records: list[tuple[Any, bool]]) -> Sheet:
    """Signed instruments only (those with a signing date), oldest signature first."""
    signed = [c for c, _ in records if isinstance(c, Convenio) and c.signed_on is not None]
    signed.sort(key=lambda c: (c.signed_on, c.id))
    return Sheet(
        title="Convenios suscritos",
        kind="convenios_transparency",
        names=[name for name, _ in COLUMNS],
        headers=[header for _, header in COLUMNS],
        rows=[row(c) for c in signed],
    )
