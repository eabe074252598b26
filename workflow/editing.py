"""Edits of non-state fields, shared by every kind of item (PATCH)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from workflow.actors import Actor, require_editor
from workflow.clock import Clock
from workflow.directory import areas_by_codes
from workflow.errors import Invalid
from workflow.events import record
from workflow.fire import check_version, flush_or_stale
from workflow.models import Agreement, Area, Convenio, Counterpart, ItemArea

PROTECTED = frozenset({"state", "version", "id", "key", "progress"})
"""Never edited here: state changes go through `fire`, progress through an update."""


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
    bad = PROTECTED.intersection(changes)
    if bad:
        raise Invalid(f"No se puede editar {', '.join(sorted(bad))} directamente.")
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
