"""`/`: the commission's dashboard — relevant topics in progress, counts by state, what is
overdue, progress by area — and, for a signed-in person, what waits on them."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from api.deps import ClockDep, SessionDep
from api.pages.rendering import render
from api.pages.viewer import PublicViewer, Viewer
from states import Role
from states.agreement import OPEN
from states.kinds import KINDS
from workflow.items import listing, meetings, overview, pending
from workflow.items.pending import PendingWork
from workflow.models import Activity, Agreement, Convenio, Meeting
from workflow.reports import as_of as as_of_history
from workflow.runtime.clock import Clock

router = APIRouter(include_in_schema=False)

OPEN_STATES = ",".join(OPEN)
EXPIRING_DAYS = 60


def featured_meeting(*, session: Session, today: date) -> tuple[Meeting | None, bool]:
    """The next session of any organ, or else the latest one; and whether it is upcoming."""
    rows = meetings.list_meetings(session=session)
    upcoming = [m for m in rows if m.date >= today]
    if upcoming:
        return min(upcoming, key=lambda m: (m.date, m.id)), True
    return (rows[0] if rows else None), False


def my_pending(session: Session, viewer: Viewer, clock: Clock) -> PendingWork | None:
    """«Mis pendientes»: what waits on an area person's area, or on the secretariat's review
    (admins review as the secretariat does); nothing for members and anonymous readers."""
    user = viewer.user
    if user is None:
        return None
    if user.role == Role.area and user.area_id is not None:
        return pending.for_area(session=session, area_id=user.area_id, today=clock.today())
    if user.role in (Role.secretariat, Role.admin):
        return pending.for_secretariat(session=session, today=clock.today(), tz=clock.tz)
    return None


def see_all(work: PendingWork, viewer: Viewer) -> list[tuple[str, str]]:
    """(label, address) of each kind's list filtered to what waits, for «ver todos»: the list
    pages' own area and state filters, so no filter of their own is needed."""
    user = viewer.user
    area = user.area if user is not None and work.role == Role.area else None
    links = []
    for kind, total in work.totals.items():
        if total:
            facts = KINDS[kind]
            query = {"area": area.code} if area is not None else {}
            query["estado"] = ",".join(work.states[kind])
            label = f"Ver la lista de {facts.plural.lower()} ({total})"
            links.append((label, f"/{facts.slug}?{urlencode(query)}"))
    return links


def chosen_day(raw: str | None, today: date) -> tuple[date | None, str | None]:
    """The «situación al» day typed in the dashboard's form, or the Spanish reason it is not one."""
    if not raw:
        return None, None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return None, "Escriba una fecha válida (día, mes y año)."
    if day > today:
        return None, "La fecha no puede ser posterior a hoy."
    return day, None


@router.get("/")
def dashboard(
    request: Request,
    session: SessionDep,
    viewer: PublicViewer,
    clock: ClockDep,
    al: str | None = None,
) -> Response:
    today = clock.today()
    as_of, as_of_error = chosen_day(al, today)

    def page(model: Any, **kw: Any) -> listing.Page[Any]:
        return listing.fetch_page(
            session=session, model=model, filters=listing.Filters(**kw), today=today
        )

    relevant = page(Agreement, relevant=True, state=OPEN_STATES, limit=50)
    overdue = page(Agreement, overdue=True, limit=10)
    meeting, upcoming = featured_meeting(session=session, today=today)
    counts = overview.state_counts(session=session, model=Agreement)
    convenio_counts = overview.state_counts(session=session, model=Convenio)
    overdue_total = overdue.total
    activities_overdue = overview.overdue_count(session=session, model=Activity, today=today)
    if as_of is not None:
        # The figures as they stood at the end of that day, rebuilt from the history as the
        # session reports are; the lists below them stay today's.
        then = as_of_history.situation(
            session=session, models=[Agreement, Convenio, Activity], day=as_of, tz=clock.tz
        )
        counts = overview.counts_of(Agreement, then.states["agreement"])
        convenio_counts = overview.counts_of(Convenio, then.states["convenio"])
        overdue_total = then.overdue["agreement"]
        activities_overdue = then.overdue["activity"]
    areas = overview.progress_by_area(session=session, today=today)
    mine = my_pending(session, viewer, clock)
    return render(
        request,
        "pages/dashboard.html",
        {
            "viewer": viewer,
            "today": today,
            "counts": counts,
            "total": sum(c.count for c in counts),
            "max_count": max([c.count for c in counts] + [1]),
            "open_total": sum(c.count for c in counts if not c.final),
            "overdue": overdue,
            "relevant": relevant,
            "areas": areas,
            "max_area_total": max([a.total for a in areas] + [1]),
            "activities_overdue": activities_overdue,
            "convenio_counts": convenio_counts,
            "overdue_total": overdue_total,
            "as_of": as_of,
            "as_of_typed": al or "",
            "as_of_error": as_of_error,
            "expiring": overview.convenios_expiring(
                session=session, today=today, within_days=EXPIRING_DAYS
            ),
            "expiring_days": EXPIRING_DAYS,
            "meeting": meeting,
            "meeting_upcoming": upcoming,
            "mine": mine,
            "mine_links": see_all(mine, viewer) if mine else [],
        },
        status_code=422 if as_of_error else 200,
    )
