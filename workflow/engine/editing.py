"""Edits of non-state fields, shared by every kind of item (PATCH)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from states import LIFECYCLES
from workflow.directory.catalogue import areas_by_codes
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Invalid
from workflow.engine.events import record
from workflow.engine.fire import check_version, flush_or_stale
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


def _set_field(session: Session, item: Any, field: str, value: Any) -> None:
    """Fields that name other rows by code are resolved here; the rest are plain columns."""
    if field == "areas":
        set_areas(item, areas_by_codes(session=session, codes=value))
    elif field == "area":
        # Through the relationship: setting `area_id` alone left the loaded `area` pointing at
        # the old one, so the answer (and any scope check in the same request) showed it.
        item.area = areas_by_codes(session=session, codes=[value])[0]
    elif field == "counterparts":
        set_counterparts(item, value)
    else:
        setattr(item, field, value)


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
) -> None:
    """Apply `changes` (already validated by the caller's schema) to `item`; bumps `version`."""
    require_editor(actor)
    check_version(item, expected_version)
    key = item.key
    refuse_protected(item.kind, changes)
    recorded: dict[str, Any] = {}
    for field, value in changes.items():
        _set_field(session, item, field, value)
        recorded[field] = (
            value if isinstance(value, (str, int, bool, list)) or value is None else str(value)
        )
    if not recorded:
        return
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
