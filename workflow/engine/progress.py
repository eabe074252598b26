"""Progress updates (avances): a dated note, optional progress and evidence, on any item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine import evidence
from workflow.engine.actors import Actor, require_may_update
from workflow.engine.errors import Invalid
from workflow.engine.events import record
from workflow.engine.evidence import Upload
from workflow.engine.file_store import FileStore
from workflow.engine.fire import check_version, fire
from workflow.items.kinds import history_of
from workflow.models import EvidenceFile, Item, Transition, Update
from workflow.runtime.clock import Clock


def _check(*, actor: Actor, item: Item, note: str, progress: int | None, url: str | None) -> None:
    require_may_update(actor, item)
    if not note or not note.strip():
        raise Invalid("La nota del avance no puede estar vacía («note»).", field="note")
    if progress is not None and not 0 <= progress <= 100:
        raise Invalid("El avance («progress») va de 0 a 100.", field="progress")
    if url and not url.startswith(("http://", "https://")):
        raise Invalid(
            "El enlace de evidencia debe empezar con http:// o https://.", field="evidence_url"
        )


def record_update(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    item: Item,
    note: str,
    progress: int | None = None,
    evidence_url: str | None = None,
    upload: Upload | None = None,
    files: FileStore | None = None,
    max_bytes: int = 0,
    expected_version: int | None = None,
) -> Update:
    """Record an avance, with its optional evidence file; a given progress becomes the item's
    progress (and bumps its version). The one way an avance is written: API, pages, imports.

    Every check runs before the file touches the disk, so a refused update leaves no file. An
    `upload` needs `files` and `max_bytes` (the settings of the process that receives it).
    """
    check_version(item, expected_version)
    _check(actor=actor, item=item, note=note, progress=progress, url=evidence_url)
    stored: EvidenceFile | None = None
    if upload is not None:
        if files is None:
            raise ValueError("an uploaded file needs the store where evidence is kept")
        stored = evidence.store_upload(
            session=session,
            actor=actor,
            files=files,
            item=item,
            upload=upload,
            max_bytes=max_bytes,
        )
    update = Update(
        item_kind=item.kind,
        item_id=item.id,
        note=note.strip(),
        progress=progress,
        evidence_url=evidence_url,
        file_id=stored.id if stored else None,
        author_id=actor.user_id,
        created_at=clock.now(),
    )
    session.add(update)
    if progress is not None and hasattr(item, "progress"):
        item.progress = progress
    record(
        session=session,
        name="updated",
        item=item,
        actor=actor,
        clock=clock,
        payload={"progress": progress, "note": update.note},
    )
    session.flush()
    return update


def record_and_report(
    *, session: Session, actor: Actor, clock: Clock, item: Item, event: str | None, **update: Any
) -> tuple[Update, Transition | None]:
    """An avance (`record_update`'s arguments) that, when `event` is given, also fires it with
    the avance's note — an acuerdo's fulfilment reported, an activity concluded — so a person
    does both in one form and one transaction. The update's checks (version, area, note, file)
    run first; if `fire` then refuses, the caller rolls back and neither the update nor its
    file remains."""
    row = record_update(session=session, actor=actor, clock=clock, item=item, **update)
    if event is None:
        return row, None
    transition = fire(
        session=session, item=item, event=event, actor=actor, clock=clock, note=row.note
    )
    return row, transition


def updates_of(*, session: Session, item_kind: str, item_id: int) -> Sequence[Update]:
    return (
        session.scalars(
            select(Update)
            .where(history_of(Update, item_kind, item_id))
            .order_by(Update.created_at.desc(), Update.id.desc())
        )
        .unique()
        .all()
    )


def transitions_of(*, session: Session, item_kind: str, item_id: int) -> Sequence[Transition]:
    return session.scalars(
        select(Transition).where(history_of(Transition, item_kind, item_id)).order_by(Transition.id)
    ).all()
