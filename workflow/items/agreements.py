"""Acuerdos: creation with their key and deadline rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import AGREEMENT
from workflow.calendar import business_days
from workflow.directory.catalogue import areas_by_codes
from workflow.engine import keys
from workflow.engine.actors import Actor, require_editor
from workflow.engine.editing import set_areas
from workflow.engine.errors import Conflict, Invalid
from workflow.items import links
from workflow.items.new_items import insert
from workflow.models import Agreement, Meeting
from workflow.runtime.clock import Clock


def create(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    meeting_id: int,
    title: str,
    areas: Sequence[str],
    text: str = "",
    deadline: date | None = None,
    deadline_business_days: int | None = None,
    relevant: bool = False,
    key: str | None = None,
    agenda_item_id: int | None = None,
    convenios: Sequence[int] = (),
    activities: Sequence[int] = (),
) -> Agreement:
    """Register an acuerdo approved in `meeting_id`.

    The key defaults to `{meeting key}/{seq:02d}`, the meeting's next free number.
    `deadline_business_days` counts días hábiles from the day after the meeting.
    `agenda_item_id` names the point of the meeting's order of the day it was approved under;
    `convenios` and `activities` the ids of the items it concerns (`workflow.items.links`).
    """
    require_editor(actor)
    if deadline is not None and deadline_business_days is not None:
        raise Invalid("Indique «deadline» o «deadline_business_days», no ambos.")
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:  # a reference inside the body: 422, like an unknown area or convenio
        raise Invalid(f"No existe la sesión con id {meeting_id} («meeting»).", field="meeting")
    if agenda_item_id is not None and agenda_item_id not in {a.id for a in meeting.agenda}:
        raise Invalid(
            f"El punto del orden del día {agenda_item_id} no es de la sesión {meeting.key}.",
            field="agenda_item",
        )
    area_rows = areas_by_codes(session=session, codes=areas)
    linked = {
        field: links.resolve(session=session, field=field, ids=ids)
        for field, ids in (("convenios", convenios), ("activities", activities))
        if ids
    }
    if deadline_business_days is not None:
        deadline = business_days.load(session=session).add_business_days(
            meeting.date, deadline_business_days
        )
    key = (key or "").strip()
    if (
        key
    ):  # typed by hand: numbering skips it, a concurrent create waits for it (workflow.engine.keys)
        seq = keys.agreement_seq(session=session, meeting=meeting, key=key)
        if session.scalar(select(Agreement.id).where(Agreement.key == key)):
            raise _taken(key)
    else:
        seq, key = keys.next_key(session=session, scope=keys.agreements_of(meeting))
    agreement = Agreement(
        key=key,
        title=title.strip(),
        text=text.strip(),
        meeting_id=meeting.id,
        seq=seq,
        deadline=deadline,
        relevant=relevant,
        agenda_item_id=agenda_item_id,
        state=AGREEMENT.initial,
        progress=0,
    )
    set_areas(agreement, area_rows)
    insert(
        session=session,
        item=agreement,
        taken=_taken,
        actor=actor,
        clock=clock,
        payload={"deadline": deadline.isoformat() if deadline else None},
    )
    links.link_new(session=session, actor=actor, agreement=agreement, rows=linked)
    return agreement


def _taken(key: str) -> Conflict:
    return Conflict(f"Ya existe un acuerdo con clave «{key}».", field="key")
