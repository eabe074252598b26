"""Edits of non-state fields, shared by every kind of item (PATCH, the edit pages, imports of
the API's bodies): each edit is history, a domain event `edited` that keeps every changed field's
value before and after (`{"changes": {field: {"from": old, "to": new}}}`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from states import LIFECYCLES
from states.vocabulary import CONVENIO_KINDS
from workflow.directory.catalogue import areas_by_codes, organ_by_code
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Invalid
from workflow.engine.events import record
from workflow.engine.fire import check_version, flush_or_stale
from workflow.items.session_agenda import titled
from workflow.models import Agreement, Area, Convenio, Counterpart, ItemArea
from workflow.runtime.clock import Clock

PROTECTED = frozenset({"state", "version", "id", "key", "progress"})
"""Never edited here, whatever the kind: state changes go through `fire`, progress through an
update, and the identity (`id`, `key`) and the optimistic lock (`version`) never change."""

EVENT_FIELDS_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    name: {
        field: tuple(e.label for e in lifecycle.events if field in (*e.sets, *e.optional_sets))
        for event in lifecycle.events
        for field in (*event.sets, *event.optional_sets)
    }
    for name, lifecycle in LIFECYCLES.items()
}
"""Per kind, the fields some event of its lifecycle sets, and the labels of those events: an
agreement's `deadline` (reprogramar), a convenio's `signed_on`, `valid_from`, `valid_until`
(suscripción, ampliación). Only those events change them, so each change is a transition in the
history with its note; `edit` refuses them whoever calls it."""


def set_areas(item: Agreement | Convenio, areas: list[Area]) -> None:
    """Replace the responsible areas, lead first, reusing existing links."""
    existing = {link.area_id: link for link in item.area_links}
    links = []
    for position, area in enumerate(areas):
        link = existing.get(area.id) or ItemArea(area=area)
        link.position = position
        links.append(link)
    item.area_links = links


def set_counterparts(convenio: Convenio, names: list[str]) -> None:
    names = [n.strip() for n in names if n.strip()]
    if not names:
        raise Invalid("Indique al menos una institución contraparte («counterparts»).")
    convenio.counterparts = [Counterpart(name=n, position=i) for i, n in enumerate(names)]


NEEDS_PARENT = frozenset({"anexo", "adenda"})
"""Convenio kinds that exist only under a parent convenio."""


def _set_parent(session: Session, convenio: Convenio, parent_id: int | None) -> None:
    """Make `parent_id` the convenio's parent, refusing one that is missing, itself, or one of
    its own annexes (a cycle would make the roll-up over annexes endless)."""
    if parent_id is None:
        convenio.parent = None
        return
    parent = session.get(Convenio, parent_id)
    if parent is None:
        raise Invalid(f"No existe el convenio padre con id {parent_id} («parent»).", field="parent")
    seen: set[int] = set()
    ancestor: Convenio | None = parent
    while ancestor is not None and ancestor.id not in seen:
        if ancestor.id == convenio.id:
            raise Invalid(
                f"{convenio.key} no puede depender de sí mismo ni de uno de sus anexos o "
                f"adendas ({parent.key}).",
                field="parent",
            )
        seen.add(ancestor.id)
        ancestor = ancestor.parent
    convenio.parent = parent


def _set_kind(convenio: Convenio, kind: str) -> None:
    if kind not in CONVENIO_KINDS:
        raise Invalid(
            f"Tipo de convenio «{kind}» desconocido; use: {', '.join(CONVENIO_KINDS)}.",
            field="kind",
        )
    convenio.convenio_kind = kind


def _set_agenda_item(agreement: Agreement, point_id: int | None) -> None:
    if point_id is not None and point_id not in {a.id for a in agreement.meeting.agenda}:
        raise Invalid(
            f"El punto del orden del día {point_id} no es de la sesión {agreement.meeting.key}.",
            field="agenda_item",
        )
    agreement.agenda_item_id = point_id


def _set_field(session: Session, item: Any, field: str, value: Any) -> None:
    """Fields that name other rows by code are resolved here; the rest are plain columns."""
    if field == "areas":
        set_areas(item, areas_by_codes(session=session, codes=value))
    elif field == "area":
        # Through the relationship: setting `area_id` alone left the loaded `area` pointing at
        # the old one, so the answer (and any scope check in the same request) showed it.
        item.area = areas_by_codes(session=session, codes=[value])[0]
    elif field == "counterparts":
        if [c.name for c in item.counterparts] != [n.strip() for n in value if n.strip()]:
            set_counterparts(item, value)  # the same names keep their rows
    elif field == "kind":
        _set_kind(item, value)
    elif field == "parent":
        _set_parent(session, item, value)
    elif field == "organ":
        item.organ = organ_by_code(session=session, code=value) if value else None
    elif field == "agenda_item":
        _set_agenda_item(item, value)
    else:
        setattr(item, field, value)


def shown(item: Any, field: str) -> Any:
    """A field's value as the history keeps it: codes of areas and organs, names of
    counterparts, the parent's key, the agenda point's title, dates in ISO."""
    if field == "areas":
        return [a.code for a in item.areas]
    if field == "area":
        return item.area.code
    if field == "counterparts":
        return [c.name for c in item.counterparts]
    if field == "kind":
        return item.convenio_kind
    if field == "parent":
        return item.parent.key if item.parent is not None else None
    if field == "organ":
        return item.organ.code if item.organ is not None else None
    if field == "agenda_item":
        point = next((a for a in item.meeting.agenda if a.id == item.agenda_item_id), None)
        return titled(point) if point is not None else None
    return jsonable(getattr(item, field))


def jsonable(value: Any) -> Any:
    """`value` as a JSON payload keeps it (dates in ISO)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, bool, list)) or value is None:
        return value
    return str(value)


def refuse_protected(kind: str, changes: Mapping[str, Any]) -> None:
    """Refuse, before anything changes, an edit of a field only `fire` or an update may set."""
    bad = PROTECTED.intersection(changes)
    if bad:
        raise Invalid(f"No se puede editar {', '.join(sorted(bad))} directamente.")
    by_event = EVENT_FIELDS_BY_KIND.get(kind, {})
    refused = sorted(by_event.keys() & changes.keys())
    if refused:
        field = refused[0]
        events = " o ".join(f"«{label}»" for label in by_event[field])
        raise Invalid(
            f"«{field}» no se edita directamente: cambia solo con el evento {events}, que "
            "deja constancia en el historial.",
            field=field,
        )


def edit(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    item: Any,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> list[str]:
    """Apply `changes` (already validated by the caller's schema) to `item`; bumps `version`
    and records old → new of the fields that changed; returns those fields (none: nothing
    changed, nothing recorded, same version)."""
    require_editor(actor)
    check_version(item, expected_version)
    key = item.key
    refuse_protected(item.kind, changes)
    recorded: dict[str, dict[str, Any]] = {}
    # One UPDATE for the whole edit (one version), flushed where a concurrent one is told apart.
    with session.no_autoflush:
        for field, value in changes.items():
            before = shown(item, field)
            _set_field(session, item, field, value)
            after = shown(item, field)
            if after != before:
                recorded[field] = {"from": before, "to": after}
    kind_or_parent = recorded.keys() & {"kind", "parent"}
    if kind_or_parent and item.convenio_kind in NEEDS_PARENT and item.parent is None:
        raise Invalid(
            f"Un {CONVENIO_KINDS[item.convenio_kind].lower()} necesita su convenio padre "
            "(«parent»).",
            field="parent",
        )
    if not recorded:
        return []
    # Areas and counterparts live in rows of their own: without touching the item's row, such
    # an edit would keep the old `version` (ETag), and a stale If-Match would still pass.
    item.updated_at = clock.now()
    record(
        session=session,
        name="edited",
        item=item,
        actor=actor,
        clock=clock,
        payload={"changes": recorded},
    )
    flush_or_stale(session, key)
    return list(recorded)
