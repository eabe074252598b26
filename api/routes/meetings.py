"""`/api/v1/meetings`: sessions with their agenda, and the lifecycle of their minutes."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from api.body import json_body, openapi
from api.deps import ActorDep, ClockDep, IfMatch, SessionDep, etag
from api.gates import EDITORS, MINUTES_EVENTS
from api.routes.items import ERRORS
from api.schemas.common import QueryCode, RowId, Year
from api.schemas.history import MinutesEventRequest
from api.schemas.meetings import MeetingCreate, MeetingRead
from workflow.items import meetings

router = APIRouter(prefix="/api/v1/meetings", tags=["sesiones"], responses=ERRORS)


@router.get("", response_model=list[MeetingRead])
def list_meetings(
    session: SessionDep,
    actor: ActorDep,
    organ: Annotated[str | None, QueryCode(description="Clave del órgano")] = None,
    year: Annotated[Year | None, Query()] = None,
) -> Any:
    return [
        MeetingRead.of(m) for m in meetings.list_meetings(session=session, organ=organ, year=year)
    ]


@router.post("", status_code=201, response_model=MeetingRead, dependencies=[EDITORS])
def create_meeting(
    body: MeetingCreate, session: SessionDep, actor: ActorDep, response: Response
) -> Any:
    meeting = meetings.create(
        session=session,
        actor=actor,
        organ=body.organ,
        kind=body.kind,
        number=body.number,
        year=body.year,
        day=body.date,
        at=body.time,
        modality=body.modality,
        agenda=body.agenda,
    )
    response.headers["Location"] = f"/api/v1/meetings/{meeting.id}"
    return detail(session, meeting.id, response)


def detail(session: SessionDep, meeting_id: RowId, response: Response) -> MeetingRead:
    """A meeting's detail; its ETag is the version of its minutes, the part that changes (and
    the one `If-Match` protects on `minutes/events`)."""
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    response.headers["ETag"] = etag(meeting.minutes.version)
    return MeetingRead.of(meeting)


@router.get("/{meeting_id}", response_model=MeetingRead)
def get_meeting(meeting_id: RowId, session: SessionDep, actor: ActorDep, response: Response) -> Any:
    return detail(session, meeting_id, response)


@router.post(
    "/{meeting_id}/minutes/events",
    response_model=MeetingRead,
    dependencies=[MINUTES_EVENTS],
    openapi_extra=openapi(MinutesEventRequest),
)
def minutes_event(
    meeting_id: RowId,
    body: Annotated[MinutesEventRequest, Depends(json_body(MinutesEventRequest))],
    session: SessionDep,
    actor: ActorDep,
    clock: ClockDep,
    expected: IfMatch,
    response: Response,
) -> Any:
    meetings.fire_minutes_event(
        session=session,
        actor=actor,
        clock=clock,
        meeting_id=meeting_id,
        event=body.event,
        approved_in=body.approved_in,
        note=body.note,
        expected_version=expected,
    )
    return detail(session, meeting_id, response)
