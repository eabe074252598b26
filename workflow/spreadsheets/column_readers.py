"""Readers for the cells of the catalogue's columns: codes, lists, closed vocabularies, states.

Built on the generic readers of `values`; each takes a non-blank cell and returns the value the
record holds, or raises `CellError` saying what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from states import Lifecycle
from states.vocabulary import CONVENIO_KINDS
from workflow.directory import unit_fields
from workflow.engine.errors import Invalid
from workflow.spreadsheets import cell_values
from workflow.spreadsheets.cell_values import Cell, CellError

COUNTERPART_TYPES: dict[str, str] = {
    "publico": "Sector público",
    "social": "Sector social",
    "privado": "Sector privado",
    "academico": "Institución académica",
    "internacional": "Organismo internacional",
}
"""Type of counterpart (tipo de contraparte), as transparency formats ask for it."""

NO_DEADLINE = frozenset({"permanente", "sin plazo", "no aplica", "n a", "na"})
"""What people write in a deadline cell for a permanent agreement."""


def text(cell: Cell) -> str:
    value = cell_values.text(cell)
    if value is None:
        raise CellError("está vacía", "un texto")
    return value


def upper(cell: Cell) -> str:
    return "".join(text(cell).split()).upper()


def codes(cell: Cell) -> list[str]:
    return [c.upper() for c in cell_values.items(cell, ",;|") or []]


def names(cell: Cell) -> list[str]:
    return cell_values.items(cell, ";|") or []


def deadline(cell: Cell) -> Any:
    if isinstance(cell, str) and cell_values.normalise(cell) in NO_DEADLINE:
        return None
    return cell_values.day(cell)


def url(cell: Cell) -> str:
    value = text(cell)
    if not value.lower().startswith(("http://", "https://")):
        raise CellError(
            f"«{value}» no es una dirección web", "una dirección que empiece con https://"
        )
    return value


def teams_webhook(cell: Cell) -> str:
    """A Teams Workflows webhook address, held to the rule `PATCH` and the pages apply."""
    value = text(cell)
    try:
        return unit_fields.teams_webhook(value)
    except Invalid:
        raise CellError(
            "no es una dirección de webhook admitida",
            "una dirección https:// con servidor, sin espacios ni usuario y contraseña",
        ) from None


def agenda_items(cell: Cell) -> list[str]:
    """An organ's standing agenda items, separated by «;», «|» or line breaks."""
    try:
        return unit_fields.standing_items(cell_values.items(cell, ";|") or [])
    except Invalid as exc:
        raise CellError(exc.detail, "los puntos fijos separados por «;»") from None


def _options(labels: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    found = {cell_values.normalise(k): k for k in labels}
    found.update({cell_values.normalise(v): k for k, v in labels.items()})
    found.update({cell_values.normalise(a): k for a, k in (extra or {}).items()})
    return found


_KIND_OPTIONS = _options(
    CONVENIO_KINDS,
    {
        "específico": "especifico",
        "anexo técnico": "anexo",
        "anexo financiero": "anexo",
        "addendum": "adenda",
        "convenio modificatorio": "adenda",
        "convenio marco": "general",
        "convenio específico": "especifico",
    },
)
_TYPE_OPTIONS = _options(
    COUNTERPART_TYPES,
    {
        "público": "publico",
        "académico": "academico",
        "academica": "academico",
        "institucion publica": "publico",
        "sociedad civil": "social",
        "osc": "social",
        "empresa": "privado",
        "universidad": "academico",
        "internacional": "internacional",
    },
)


def convenio_kind(cell: Cell) -> str:
    expected = "uno de: " + ", ".join(CONVENIO_KINDS)
    return cell_values.choice(cell, _KIND_OPTIONS, expected) or "general"


def counterpart_types(cell: Cell) -> list[str]:
    """One type per counterpart, in order; an empty place («; Sector público») means unknown."""
    expected = "tipos de contraparte separados por «;»: " + ", ".join(COUNTERPART_TYPES.values())
    places = re.split(r"[;|\n]", text(cell))
    return [
        cell_values.choice(p, _TYPE_OPTIONS, expected) or "" if p.strip() else "" for p in places
    ]


def state_reader(lifecycle: Lifecycle) -> Callable[[Cell], str]:
    """States by Spanish label («En proceso») or id («in_progress»)."""
    options = _options(lifecycle.states)
    expected = "uno de: " + ", ".join(lifecycle.states.values())

    def read(cell: Cell) -> str:
        value = text(cell)
        found = options.get(cell_values.normalise(value))
        if found is not None:
            return found
        if cell_values.normalise(value) in ("vencido", "vencida", "atrasado") and "expired" not in (
            lifecycle.states
        ):
            raise CellError(
                f"«{value}» no es un estado: el vencimiento se calcula con la fecha", expected
            )
        raise CellError(f"«{value}» no es un estado de {lifecycle.label.lower()}", expected)

    return read
