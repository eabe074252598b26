"""Activities (actividades, compromisos) under a convenio or an organ's work programme."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import ACTIVITY
from workflow.directory.catalogue import areas_by_codes, organ_by_code
from workflow.engine import keys
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Conflict, Invalid
from workflow.items.new_items import insert, key_of_new
from workflow.models import Activity, Convenio
from workflow.runtime.clock import Clock


def create(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    title: str,
    area: str,
    convenio: int | None = None,
    organ: str | None = None,
    due_date: date | None = None,
    description: str = "",
    relevant: bool = False,
    key: str | None = None,
) -> Activity:
    """Register an activity of a convenio (its plan) or of an organ's work programme."""
    require_editor(actor)
    if (convenio is None) == (organ is None):
        raise Invalid(
            "Indique el convenio («convenio») o el órgano («organ») de la actividad, uno solo."
        )
    area_row = areas_by_codes(session=session, codes=[area])[0]
    convenio_row = organ_row = None
    if convenio is not None:
        convenio_row = session.get(Convenio, convenio)
        if convenio_row is None:
            raise Invalid(f"No existe el convenio con id {convenio} («convenio»).")
        scope = keys.activities_of_convenio(convenio_row)
    else:
        organ_row = organ_by_code(session=session, code=organ or "")
        scope = keys.activities_of_organ(organ_row, clock.today().year)
    key = key_of_new(session=session, scope=scope, typed=key, taken=_taken)
    activity = Activity(
        key=key,
        title=title.strip(),
        description=description.strip(),
        area_id=area_row.id,
        convenio_id=convenio_row.id if convenio_row else None,
        organ_id=organ_row.id if organ_row else None,
        due_date=due_date,
        relevant=relevant,
        state=ACTIVITY.initial,
        progress=0,
    )
    insert(session=session, item=activity, taken=_taken, actor=actor, clock=clock)
    return activity


def _taken(key: str) -> Conflict:
    return Conflict(f"Ya existe una actividad con clave «{key}».", field="key")


def convenio_choices(*, session: Session) -> list[tuple[int, str, str]]:
    """(id, key, title) of every convenio an activity may belong to, by key, for a form."""
    rows = session.execute(
        select(Convenio.id, Convenio.key, Convenio.title).order_by(Convenio.key)
    ).all()
    return [(row.id, row.key, row.title) for row in rows]
