"""The column catalogue: for each kind of record, its columns, Spanish headers and aliases.

One table serves both directions: an export writes `header`; an import accepts `header`, the
field name or any alias, compared without accents, case or punctuation («Área(s)
responsable(s)» = «areas responsables»). `role` says how a changed value reaches a record that
already exists: `set` as a plain field, `event` only through a lifecycle event, `fixed` never
after creation, `derived` not at all (computed, export only), `context` only to create what a
row names (the date of a new session).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Literal

from sqlalchemy.orm import selectinload

from states import ACTIVITY, AGREEMENT, CONVENIO, Lifecycle
from workflow.directory.unit_fields import without_signature
from workflow.items.kinds import STORED
from workflow.models import Activity, Agreement, Area, Convenio, Organ
from workflow.spreadsheets import cell_values as v
from workflow.spreadsheets import column_readers as r
from workflow.spreadsheets.cell_values import Cell

Role = Literal["key", "set", "event", "fixed", "state", "progress", "derived", "context"]


@dataclass(frozen=True)
class Column:
    """One column: how to read a cell, how to get the value from a record, how it changes."""

    name: str
    header: str
    role: Role
    create: bool
    """Needed to create a new record."""
    read: Callable[[Cell], Any]
    """Reads a non-blank cell; raises `CellError`."""
    aliases: tuple[str, ...]
    get: Callable[[Any], Any] | None
    """The record's current value (export and comparison); None for derived columns."""
    max_length: int | None = None
    load: Any = None
    """A loader option (`selectinload`) that fetches what `get` reads for every exported row in
    one query, instead of one query per row."""


def col(
    name: str,
    header: str,
    role: Role,
    create: bool,
    read: Callable[[Cell], Any],
    aliases: str,
    get: Callable[[Any], Any] | None = None,
    max_length: int | None = None,
    load: Any = None,
) -> Column:
    """A column; `get` defaults to the record's attribute of the same name."""
    if get is None and role != "derived":
        get = attrgetter(name)
    names = tuple(a.strip() for a in aliases.split("|") if a.strip())
    return Column(name, header, role, create, read, (name, *names), get, max_length, load)


@dataclass(frozen=True)
class Kind:
    """A kind of record that can be imported and exported."""

    name: str
    label: str
    singular: str
    model: type[Any]
    lifecycle: Lifecycle | None
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _codes(item: Any) -> list[str]:
    return [a.code for a in item.areas]


def _code_of(attribute: str) -> Callable[[Any], str | None]:
    return lambda item: getattr(getattr(item, attribute), "code", None)


def _key_of(attribute: str) -> Callable[[Any], str | None]:
    return lambda item: getattr(getattr(item, attribute), "key", None)


def _linked(name: str, header: str, relationship: Any, aliases: str) -> Column:
    """The keys of the items at the other end of an acuerdo's links (`workflow.items.links`):
    exported, not read by an import (links are made in the pages or the API)."""
    attribute = relationship.key
    return col(
        name,
        header,
        "derived",
        False,
        r.text,
        aliases,
        lambda item: [other.key for other in getattr(item, attribute)],
        load=selectinload(relationship),
    )


AREAS_ALIASES = "áreas responsables|área responsable|unidad responsable|responsables"


def _key(what: str) -> Column:
    aliases = f"clave del {what}|clave de la {what}|número de {what}|núm. de {what}|folio"
    return col("key", "clave", "key", True, r.text, aliases, max_length=120)


def _tail(lifecycle: Lifecycle) -> tuple[Column, ...]:
    """State, relevance, progress and the derived overdue flag, common to every item."""
    # fmt: off
    return (
        col("state", "estado", "state", False, r.state_reader(lifecycle),
            "situación|estatus|status"),
        col("relevant", "relevante", "set", False, v.yes_no, "tema relevante"),
        col("progress", "avance", "progress", False, v.percent,
            "avance (%)|% de avance|porcentaje de avance|progreso"),
        col("overdue", "vencido", "derived", False, v.yes_no, "vencida"),
    )
    # fmt: on


def _tracked(kind: str, columns: tuple[Column, ...]) -> Kind:
    """A kind of tracked item, named as the registry of item kinds names it."""
    stored = STORED[kind]
    facts = stored.facts
    return Kind(
        facts.api_plural,
        facts.plural.lower(),
        facts.label.lower(),
        stored.model,
        facts.lifecycle,
        columns,
    )


# fmt: off
AGREEMENTS = _tracked("agreement", (
    _key("acuerdo"),
    col("meeting", "sesión", "fixed", True, r.upper, "clave de la sesión|sesión de aprobación",
        _key_of("meeting")),
    col("meeting_date", "fecha de sesión", "context", False, v.day, "fecha de la sesión",
        lambda i: i.meeting.date),
    col("title", "título", "set", True, r.text, "acuerdo|título del acuerdo|asunto|rubro",
        max_length=500),
    col("text", "texto", "set", False, r.text, "texto del acuerdo|descripción"),
    col("areas", "áreas", "set", True, r.codes, AREAS_ALIASES + "|unidades responsables",
        _codes),
    col("deadline", "plazo", "event", False, r.deadline,
        "fecha límite|fecha de cumplimiento|vencimiento"),
    *_tail(AGREEMENT),
    _linked("convenios", "convenios vinculados", Agreement.linked_convenios,
            "convenios relacionados"),
    _linked("activities", "actividades vinculadas", Agreement.linked_activities,
            "actividades relacionadas"),
))

CONVENIOS = _tracked("convenio", (
    _key("convenio"),
    col("title", "título", "set", True, r.text,
        "convenio|nombre del convenio|denominación|denominación del convenio", max_length=500),
    col("kind", "tipo", "fixed", False, r.convenio_kind, "tipo de convenio|tipo de instrumento",
        attrgetter("convenio_kind")),
    col("parent", "convenio padre", "fixed", False, r.text,
        "clave del convenio padre|convenio principal", _key_of("parent")),
    col("organ", "órgano", "fixed", False, r.upper, "órgano colegiado|comisión",
        _code_of("organ")),
    col("counterparts", "contrapartes", "set", True, r.names,
        "contraparte|institución contraparte|instituciones|persona con quien se celebra",
        lambda i: [c.name for c in i.counterparts]),
    col("counterpart_types", "tipo de contraparte", "set", False, r.counterpart_types,
        "tipos de contraparte|sector", lambda i: [c.sector or "" for c in i.counterparts]),
    col("areas", "áreas", "set", True, r.codes,
        AREAS_ALIASES + "|unidad administrativa responsable", _codes),
    col("object", "objeto", "set", False, r.text, "objetivo|objeto del convenio"),
    col("signed_on", "fecha de firma", "event", False, v.day, "firma|fecha de suscripción"),
    col("valid_from", "inicio de vigencia", "event", False, v.day,
        "vigencia desde|inicio del periodo de vigencia"),
    col("valid_until", "fin de vigencia", "event", False, v.day,
        "vigencia hasta|término de vigencia|término del periodo de vigencia"),
    col("url", "enlace", "set", False, r.url, "liga|hipervínculo|hipervínculo al documento|link",
        max_length=1000),
    *_tail(CONVENIO),
    _linked("agreements", "acuerdos vinculados", Convenio.linked_agreements,
            "acuerdos relacionados"),
))

ACTIVITIES = _tracked("activity", (
    _key("actividad"),
    col("title", "actividad", "set", True, r.text, "título|compromiso|nombre", max_length=500),
    col("description", "descripción", "set", False, r.text, "detalle"),
    col("area", "área", "set", True, r.upper, "área responsable|unidad responsable|responsable",
        _code_of("area")),
    col("convenio", "convenio", "fixed", False, r.text, "clave del convenio",
        _key_of("convenio")),
    col("organ", "órgano", "fixed", False, r.upper, "órgano colegiado|programa de trabajo",
        _code_of("organ")),
    col("due_date", "fecha compromiso", "set", False, v.day,
        "plazo|fecha límite|fecha de entrega|fecha de cumplimiento"),
    *_tail(ACTIVITY),
    _linked("agreements", "acuerdos vinculados", Activity.linked_agreements,
            "acuerdos relacionados"),
))


def _directory(
    name: str, label: str, singular: str, model: type[Any], *extra: Column
) -> Kind:
    """Organs and areas; the webhook is exported without its signature, and a file that
    carries it back unchanged changes nothing."""
    return Kind(name, label, singular, model, None, (
        col("key", "clave", "key", True, r.upper, "código|siglas", attrgetter("code"), 32),
        col("name", "nombre", "set", True, r.text, "denominación", max_length=300),
        col("teams_webhook_url", "webhook de teams", "set", False, r.teams_webhook,
            "teams|webhook|dirección del webhook|webhook de teams (workflows)",
            lambda unit: without_signature(unit.teams_webhook_url)),
        *extra,
    ))


ORGANS = _directory("organs", "órganos", "órgano", Organ, col(
    "standing_items", "puntos fijos del orden del día", "set", False, r.agenda_items,
    "puntos fijos|orden del día fijo|puntos permanentes",
))
AREAS = _directory("areas", "áreas", "área", Area)
# fmt: on

KINDS: dict[str, Kind] = {k.name: k for k in (AGREEMENTS, CONVENIOS, ACTIVITIES, ORGANS, AREAS)}
"""Kinds by the name used in URLs and commands (`agreements`, `convenios`, ...)."""
