"""`/sesiones` and `/sesiones/{id}`: the sessions of each organ, their agenda, the acuerdos
approved in them, and the way to their follow-up report (`/sesiones/{id}/seguimiento`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import ClockDep, SessionDep
from api.pages.rendering import render
from api.pages.viewer import SignedInViewer
from api.schemas.common import RowId
from states import MINUTES
from workflow import directory, listing, meetings
from workflow.models import Agreement
from workflow.reports.presented import presented

router = APIRouter(include_in_schema=False)


@router.get("/sesiones")
def meeting_list(
    request: Request, session: SessionDep, viewer: SignedInViewer, clock: ClockDep
) -> Response:
    return render(
        request,
        "pages/meetings.html",
        {
            "viewer": viewer,
            "meetings": meetings.list_meetings(session=session),
            "organs": directory.list_organs(session=session),
            "today": clock.today(),
            "minutes_labels": MINUTES.states,
        },
    )


@router.get("/sesiones/{meeting_id}")
def meeting_detail(
    request: Request,
    meeting_id: RowId,
    session: SessionDep,
    viewer: SignedInViewer,
    clock: ClockDep,
) -> Response:
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    approved = listing.fetch_page(
        session=session,
        model=Agreement,
        filters=listing.Filters(meeting=meeting.id, limit=listing.MAX_LIMIT),
        today=clock.today(),
    ).rows
    top = [a for a in meeting.agenda if a.parent_position is None]
    subs = {p.position: [a for a in meeting.agenda if a.parent_position == p.position] for p in top}
    return render(
        request,
        "pages/meeting.html",
        {
            "viewer": viewer,
            "meeting": meeting,
            "agenda": [(point, subs[point.position]) for point in top],
            "agreements": approved,
            "previous": meetings.previous(session=session, meeting=meeting),
            "reports_presented": presented(session=session, texts=[a.text for a in meeting.agenda]),
            "minutes_label": MINUTES.state_label(meeting.minutes.state)
            if meeting.minutes
            else None,
            "today": clock.today(),
        },
    )
