"""The points of a session's agenda beside its acuerdos: which sessions it follows up, their
minutes as they stood at the cut-off (point 1), the numbered convenio reports due (point 4) and
the asuntos generales (point 5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.minutes import MINUTES
from workflow.items import meetings
from workflow.models import ConvenioReport, Meeting
from workflow.reports import as_of as history
from workflow.reports.convenio_progress import has_annexes, report_title
from workflow.reports.followup_report import MinutesRow, ReportDue, session_name
from workflow.reports.ordinals import capitalised
from workflow.reports.presented import presented


def followed_sessions(*, session: Session, meeting: Meeting) -> list[Meeting]:
    """The sessions whose agreements this one follows up: back to the previous ordinary one.

    An ordinary session reviews what the last ordinary session approved and whatever the
    extraordinary or urgent sessions held since then approved; oldest first.
    """
    found: list[Meeting] = []
    current: Meeting | None = meeting
    while current is not None:
        current = meetings.previous(session=session, meeting=current)
        if current is None:
            break
        found.append(current)
        if current.ordinary:
            break
    return list(reversed(found))


def minutes_of(session: Session, followed: Sequence[Meeting], moment: datetime) -> list[MinutesRow]:
    found = []
    for m in followed:
        if m.minutes is None:
            continue
        state, _ = history.state_at(
            session=session, kind="minutes", item_id=m.minutes.id, current=m.minutes.state,
            moment=moment,
        )  # fmt: skip
        approver = m.minutes.approved_in if state == "approved" else None
        found.append(
            MinutesRow(
                meeting_key=m.key,
                session_name=capitalised(session_name(m)),
                state=state,
                state_label=MINUTES.state_label(state),
                approved_in=approver.key if approver is not None else None,
            )
        )
    return found


def reports_due(
    session: Session, meeting: Meeting, since: datetime | None, moment: datetime, tz: ZoneInfo
) -> list[ReportDue]:
    """The numbered convenio reports issued since the previous session up to the cut-off, and,
    for a convenio the agenda names whose report was not issued by then, its next number."""
    stmt = select(ConvenioReport).where(ConvenioReport.issued_at < moment)
    if since is not None:
        stmt = stmt.where(ConvenioReport.issued_at >= since)
    issued = list(
        session.scalars(stmt.order_by(ConvenioReport.convenio_id, ConvenioReport.number)).unique()
    )
    found = []
    for record in issued:
        heading, title = report_title(
            record.number,
            record.convenio,
            has_annexes(session=session, convenio_id=record.convenio_id),
        )
        found.append(
            ReportDue(
                record.convenio_id, record.convenio.key, record.number, heading, title,
                record.cut_off, record.issued_at.astimezone(tz).date(),
            )
        )  # fmt: skip
    covered = {r.convenio_id for r in found}
    named = presented(session=session, texts=[point.text for point in meeting.agenda])
    for convenio in named:
        if convenio.id in covered:
            continue
        numbers = session.scalars(
            select(ConvenioReport.number).where(
                ConvenioReport.convenio_id == convenio.id, ConvenioReport.issued_at < moment
            )
        ).all()
        number = max(numbers, default=0) + 1
        heading, title = report_title(
            number, convenio, has_annexes(session=session, convenio_id=convenio.id)
        )
        found.append(ReportDue(convenio.id, convenio.key, number, heading, title, None, None))
    return found


def general_matters_of(meeting: Meeting) -> list[str]:
    """Sub-points of the agenda's «Asuntos generales», when the agenda has them."""
    points = [p for p in meeting.agenda if p.parent_position is None]
    general = [p for p in points if p.text.casefold().startswith("asuntos generales")]
    if not general:
        return []
    return [p.text for p in meeting.agenda if p.parent_position == general[0].position]
