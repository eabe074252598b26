"""The minutes (acta) of a session as a record: their text and/or signed file, while a draft.

Approval is an event of their lifecycle (`meetings.fire_minutes_event`); once approved they stay
as they were approved.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.engine import evidence
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Invalid
from workflow.engine.evidence import Upload
from workflow.engine.file_store import FileStore
from workflow.engine.fire import check_version, flush_or_stale
from workflow.items.meetings import get
from workflow.models import Minutes


def record(
    *,
    session: Session,
    actor: Actor,
    meeting_id: int,
    text: str,
    upload: Upload | None,
    files: FileStore,
    max_bytes: int,
    expected_version: int | None = None,
) -> Minutes:
    """Keep `text` (empty clears it) and, when given, the uploaded file as the session's minutes.

    The file is checked as an evidence file is (type by signature, size) before anything is kept.
    """
    require_editor(actor)
    minutes = get(session=session, meeting_id=meeting_id).minutes
    check_version(minutes, expected_version)
    if minutes.state != "draft":
        raise Invalid(f"La {minutes.title.lower()} ya fue aprobada; no se modifica.")
    text = text.strip()
    if not text and upload is None and minutes.file_id is None:
        raise Invalid("Escriba el texto de la minuta o adjunte su archivo.", field="text")
    key = minutes.key
    if upload is not None:
        minutes.file = evidence.store_upload(
            session=session,
            actor=actor,
            files=files,
            item=minutes,
            upload=upload,
            max_bytes=max_bytes,
        )
    minutes.text = text or None
    flush_or_stale(session, key)
    return minutes
