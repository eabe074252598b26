"""`/sesiones` and `/sesiones/{id}`: the sessions of each organ, their agenda, the acuerdos
approved in them, and the way to their follow-up report (`/sesiones/{id}/seguimiento`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.refused import Refused, render_form
from api.pages.rendering import render
from api.pages.viewer import SignedInViewer, Viewer
from api.report_issuing import IssuedVersion
from api.schemas.common import RowId
from states import MINUTES
from workflow.directory import catalogue
from workflow.items import listing, meetings
from workflow.items.session_agenda import titled
from workflow.models import Agreement, Meeting
from workflow.reports import issued
from workflow.reports.presented import presented
from workflow.runtime.clock import Clock

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
            "organs": catalogue.list_organs(session=session),
            "today": clock.today(),
            "minutes_labels": MINUTES.states,
        },
    )


def grouped(meeting: Meeting, rows: list[tuple[Agreement, bool]]) -> list[tuple[str, list[Any]]]:
    """The session's acuerdos under the agenda point each was approved in, in agenda order;
    those filed under no point last."""
    by_item: dict[int | None, list[tuple[Agreement, bool]]] = {}
    for row in rows:
        by_item.setdefault(row[0].agenda_item_id, []).append(row)
    groups = [
        (f"Punto {titled(item)}", by_item[item.id]) for item in meeting.agenda if item.id in by_item
    ]
    if None in by_item:
        groups.append(("Sin punto del orden del día", by_item[None]))
    return groups


def show(
    request: Request,
    *,
    meeting_id: int,
    session: Session,
    viewer: Viewer,
    clock: Clock,
    failure: Refused | None = None,
) -> Response:
    """The session's page; `failure` a refused minutes form (`record` or `approve`)."""
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    approved = listing.fetch_page(
        session=session,
        model=Agreement,
        filters=listing.Filters(meeting=meeting.id, limit=listing.MAX_LIMIT),
        today=clock.today(),
    ).rows
    top = [a for a in meeting.agenda if a.parent_position is None]
    subs = {p.position: [a for a in meeting.agenda if a.parent_position == p.position] for p in top}
    previous = meetings.previous(session=session, meeting=meeting)
    return render_form(
        request,
        "pages/meeting.html",
        {
            "viewer": viewer,
            "meeting": meeting,
            "agenda": [(point, subs[point.position]) for point in top],
            "agreements": approved,
            "groups": grouped(meeting, approved),
            "previous": previous,
            "reports_presented": presented(session=session, texts=[a.text for a in meeting.agenda]),
            "minutes_label": MINUTES.state_label(meeting.minutes.state)
            if meeting.minutes
            else None,
            "previous_minutes_label": MINUTES.state_label(previous.minutes.state)
            if previous and previous.minutes
            else None,
            "failure": failure,
            "today": clock.today(),
            "versions": [
                IssuedVersion.of(v) for v in issued.versions(session=session, meeting_id=meeting.id)
            ],
        },
        failure,
    )


@router.get("/sesiones/{meeting_id}")
def meeting_detail(
    request: Request,
    meeting_id: RowId,
    session: SessionDep,
    viewer: SignedInViewer,
    clock: ClockDep,
) -> Response:
    return show(request, meeting_id=meeting_id, session=session, viewer=viewer, clock=clock)
