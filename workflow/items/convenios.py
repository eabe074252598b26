"""Convenios: creation with counterparts, responsible areas and an optional parent."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import CONVENIO
from states.vocabulary import CONVENIO_KINDS
from workflow.directory.catalogue import areas_by_codes, organ_by_code
from workflow.engine import keys
from workflow.engine.actors import Actor, require_editor
from workflow.engine.editing import set_areas
from workflow.engine.errors import Conflict, Invalid
from workflow.items.new_items import insert, key_of_new
from workflow.models import Convenio, Counterpart
from workflow.runtime.clock import Clock


def create(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    title: str,
    kind: str,
    counterparts: Sequence[str],
    areas: Sequence[str],
    object: str = "",
    parent: int | None = None,
    organ: str | None = None,
    relevant: bool = False,
    url: str | None = None,
    key: str | None = None,
) -> Convenio:
    """Register a convenio in drafting; annexes and addenda name their parent convenio."""
    require_editor(actor)
    if kind not in CONVENIO_KINDS:
        raise Invalid(f"Tipo de convenio «{kind}» desconocido; use: {', '.join(CONVENIO_KINDS)}.")
    names = [c.strip() for c in counterparts if c.strip()]
    if not names:
        raise Invalid("Indique al menos una institución contraparte («counterparts»).")
    parent_row = None
    if parent is not None:
        parent_row = session.get(Convenio, parent)
        if parent_row is None:
            raise Invalid(f"No existe el convenio padre con id {parent} («parent»).")
    elif kind in ("anexo", "adenda"):
        raise Invalid(f"Un {CONVENIO_KINDS[kind].lower()} necesita su convenio padre («parent»).")
    area_rows = areas_by_codes(session=session, codes=areas)
    organ_row = organ_by_code(session=session, code=organ) if organ else None
    scope = keys.convenios_of(clock.today().year)
    key = key_of_new(session=session, scope=scope, typed=key, taken=_taken)
    convenio = Convenio(
        key=key,
        title=title.strip(),
        convenio_kind=kind,
        object=object.strip(),
        parent_id=parent_row.id if parent_row else None,
        organ_id=organ_row.id if organ_row else None,
        relevant=relevant,
        url=url,
        state=CONVENIO.initial,
        progress=0,
        counterparts=[Counterpart(name=n, position=i) for i, n in enumerate(names)],
    )
    set_areas(convenio, area_rows)
    insert(session=session, item=convenio, taken=_taken, actor=actor, clock=clock)
    return convenio


def children(*, session: Session, convenio_id: int) -> Sequence[Convenio]:
    """Annexes and addenda of a convenio."""
    return (
        session.scalars(
            select(Convenio).where(Convenio.parent_id == convenio_id).order_by(Convenio.id)
        )
        .unique()
        .all()
    )


def _taken(key: str) -> Conflict:
    return Conflict(f"Ya existe un convenio con clave «{key}».", field="key")
