"""The minutes (acta) of a session in the pages: keep their text and/or file while a draft
(`workflow.items.minutes.record`), and approve the previous session's minutes from the later
session's page (the minutes' lifecycle, `meetings.fire_minutes_event`, as the API's
`minutes/events`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.csrf import CheckedForm
from api.pages.fields import text, version
from api.pages.meetings import show
from api.pages.refused import refuse
from api.pages.rendering import done
from api.pages.viewer import PageActor, SignedInViewer
from api.schemas.common import RowId
from workflow.engine import file_store
from workflow.engine.errors import DomainError, Invalid
from workflow.engine.progress import Upload
from workflow.items import meetings, minutes

router = APIRouter(include_in_schema=False)


@router.post("/sesiones/{meeting_id}/minuta")
def record_minutes(
    request: Request,
    meeting_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
    settings: SettingsDep,
) -> Response:
    upload = form.get("file")
    typed = text(form, "text")
    try:
        if len(typed) > 200_000:
            raise Invalid("El texto de la minuta admite a lo sumo 200 000 caracteres.")
        minutes.record(
            session=session,
            actor=actor,
            meeting_id=meeting_id,
            text=typed,
            upload=Upload(upload.filename, upload.file)
            if upload is not None and not isinstance(upload, str) and upload.filename
            else None,
            files=file_store.of(settings),
            max_bytes=settings.max_upload_mb * 1024 * 1024,
            expected_version=version(form),
        )
    except DomainError as exc:
        failure = refuse(session, exc, {"text": typed}, "record")
        return show(
            request, meeting_id=meeting_id, session=session, viewer=viewer, clock=clock,
            failure=failure,
        )  # fmt: skip
    return done(request, f"/sesiones/{meeting_id}#h-minuta", "Se guardó la minuta de la sesión.")


@router.post("/sesiones/{meeting_id}/aprobar-minuta")
def approve_previous_minutes(
    request: Request,
    meeting_id: RowId,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    """This session approves the minutes of the organ's session held just before it."""
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    previous = meetings.previous(session=session, meeting=meeting)
    try:
        if previous is None:
            raise Invalid(f"{meeting.key} no tiene una sesión anterior cuya minuta aprobar.")
        meetings.fire_minutes_event(
            session=session,
            actor=actor,
            clock=clock,
            meeting_id=previous.id,
            event="approve",
            approved_in=meeting.id,
            expected_version=version(form),
        )
        key = previous.key
    except DomainError as exc:
        failure = refuse(session, exc, form="approve")
        return show(
            request, meeting_id=meeting_id, session=session, viewer=viewer, clock=clock,
            failure=failure,
        )  # fmt: skip
    return done(
        request,
        f"/sesiones/{meeting_id}#h-minuta-anterior",
        f"Se aprobó la minuta de {key} en esta sesión.",
    )
