"""The follow-up report a session is presented (SPEC §6a): its whole agenda, as of a cut-off.

The cut-off defaults to the day before the session. Every state, progress, deadline, validity,
count and action is the one of the end of that day, rebuilt from the history
(`workflow.reports.as_of`): what was recorded later is invisible, so the report presented in
May reads the same when it is generated again in December.

The sections follow the agenda: (1) approval of the previous minutes; (2) seguimiento de
acuerdos — those approved in the sessions followed up, earlier ones still open, earlier ones
closed since the previous report — and temas relevantes; (3) suscripción y seguimiento de
convenios; (4) the numbered convenio progress reports and the work programme's activities;
(5) asuntos generales.

Each item appears once, in the first section of the agenda that includes it: a relevant acuerdo
is listed with the acuerdos of its session, not again under temas relevantes; a relevant
convenio or activity is listed under temas relevantes, not again under convenios or the work
programme (those sections still count it). Rows are numbered (No.) through the whole report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import LIFECYCLES
from states.kinds import KINDS
from workflow.items import meetings
from workflow.items.kinds import Tracked
from workflow.models import Activity, Agreement, Convenio, Meeting
from workflow.reports import as_of as history
from workflow.reports.agenda_points import (
    followed_sessions,
    general_matters_of,
    minutes_of,
    reports_due,
)
from workflow.reports.convenios_summary import summarise
from workflow.reports.followup_report import (
    Count,
    Edition,
    FollowupReport,
    Section,
    default_cut_off,
    header_of,
    session_name,
)
from workflow.reports.rows import ItemRow, rows_of

__all__ = ["Edition", "FollowupReport", "Section", "build", "default_cut_off", "session_name"]

EXPIRING_WITHIN_DAYS = 60
"""A convenio in force whose validity ends within this many days is reported as about to expire."""


def _section(key: str, title: str, rows: list[ItemRow], by_state_of: str | None) -> Section:
    """Counts by state of one lifecycle, or (`by_state_of=None`) by kind of item."""
    if by_state_of is None:
        kinds = Counter(r.kind for r in rows)
        counts = [Count(k.name, k.plural, kinds[k.name]) for k in KINDS.values() if kinds[k.name]]
    else:
        tally = Counter((r.kind, r.state) for r in rows)
        states = KINDS[by_state_of].lifecycle.states.items()
        counts = [
            Count(s, label, tally[by_state_of, s]) for s, label in states if tally[by_state_of, s]
        ]
    return Section(key, title, rows, counts, sum(r.overdue for r in rows))


def _candidates(session: Session, meeting: Meeting) -> list[Tracked]:
    """Every item the report may list, as stored: the organ's acuerdos of sessions up to this
    one (not its own), its convenios and activities. Those created after the cut-off, and the
    section each goes to, are decided once its history is read."""
    organ_id = meeting.organ_id
    found: list[Tracked] = list(
        session.scalars(
            select(Agreement)
            .join(Agreement.meeting)
            .where(
                Meeting.organ_id == organ_id,
                Meeting.date <= meeting.date,
                Meeting.id != meeting.id,
            )
            .order_by(Meeting.date, Meeting.id, Agreement.seq)
        ).unique()
    )
    of_organ = (Convenio.organ_id == organ_id) | Convenio.organ_id.is_(None)
    found += session.scalars(select(Convenio).where(of_organ).order_by(Convenio.id)).unique()
    organ_convenios = select(Convenio.id).where(of_organ)
    found += session.scalars(
        select(Activity)
        .where(
            (Activity.organ_id == organ_id) | Activity.convenio_id.in_(organ_convenios),
        )
        .order_by(Activity.due_date.is_(None), Activity.due_date, Activity.id)
    ).unique()
    return found


def build(
    *,
    session: Session,
    meeting_id: int,
    tz: ZoneInfo,
    expiring_within_days: int = EXPIRING_WITHIN_DAYS,
    as_of: date | None = None,
    observations: Mapping[str, str] | None = None,
) -> FollowupReport:
    """Assemble the follow-up report of `meeting_id` (`NotFound` when there is no such session).

    `as_of` is the report's cut-off (the day before the session when not given); `observations`
    are the secretariat's per-row notes keyed by item key, set on the rows they name."""
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    as_of = as_of or default_cut_off(meeting)
    moment = history.end_of(as_of, tz)
    notes = observations or {}
    followed = followed_sessions(session=session, meeting=meeting)
    followed_ids = {m.id for m in followed}
    # The reports presented at the last session followed up are not due again.
    since = history.end_of(followed[-1].date, tz) if followed else None

    candidates = _candidates(session, meeting)
    loaded = history.load(session=session, items=candidates)
    items = [i for i in candidates if loaded.existed(i, moment)]
    every = {
        (r.kind, r.id): r
        for r in rows_of(session=session, items=items, as_of=as_of, tz=tz, loaded=loaded)
    }
    for row in every.values():
        row.observation = notes.get(row.key, "")
    claimed: set[tuple[str, int]] = set()

    def take(chosen: Sequence[Tracked]) -> list[ItemRow]:
        found = [every[(i.kind, i.id)] for i in chosen if (i.kind, i.id) not in claimed]
        claimed.update((r.kind, r.id) for r in found)
        return found

    def is_open(item: Tracked) -> bool:
        return not LIFECYCLES[item.kind].is_final(every[(item.kind, item.id)].state)

    agreements = [i for i in items if isinstance(i, Agreement)]
    first_followed = followed[0].date if followed else meeting.date
    earlier = [
        a
        for a in agreements
        if a.meeting_id not in followed_ids
        and (a.meeting.date <= first_followed if followed else a.meeting.date < meeting.date)
    ]

    def closed_since(item: Tracked) -> bool:
        reached = history.reached_at(loaded.standing(item, moment))
        return (
            not is_open(item)
            and since is not None
            and reached is not None
            and reached >= history.end_of(first_followed - timedelta(days=1), tz)
        )

    approved = take([a for a in agreements if a.meeting_id in followed_ids])
    still_open = take([a for a in earlier if is_open(a)])
    closed = take([a for a in earlier if closed_since(a)])
    relevant = take([i for i in items if getattr(i, "relevant", False) and is_open(i)])
    programme_items = [i for i in items if isinstance(i, Activity) and i.convenio_id is None]
    programme = take(programme_items)
    convenios = summarise(
        session=session,
        organ=meeting.organ,
        since=first_followed if followed else None,
        as_of=as_of,
        tz=tz,
        expiring_within_days=expiring_within_days,
        claimed=claimed,
    )
    number = 0
    for row in [*approved, *still_open, *closed, *relevant]:
        number += 1
        row.number = number
    for group in convenios.groups:
        for crow in group.rows:
            number += 1
            crow.number = number
    for row in programme:
        number += 1
        row.number = number

    names = " y ".join(session_name(m) for m in followed) or "sesiones anteriores"
    title = (
        f"Seguimiento de acuerdos aprobados en la {names} de la {meeting.organ.name}, "
        "así como los temas relevantes en proceso de cumplimiento"
    )
    return FollowupReport(
        header=header_of(meeting),
        title=title,
        as_of=as_of,
        previous_sessions=[m.key for m in followed],
        minutes=minutes_of(session, followed, moment),
        approved=_section(
            "approved",
            f"Acuerdos aprobados en la {names}" if followed else "Acuerdos de la sesión anterior",
            approved,
            "agreement",
        ),
        still_open=_section(
            "still_open",
            "Acuerdos de sesiones anteriores en proceso de cumplimiento",
            still_open,
            "agreement",
        ),
        closed=_section(
            "closed",
            "Acuerdos de sesiones anteriores concluidos desde la sesión anterior",
            closed,
            "agreement",
        ),
        relevant=_section(
            "relevant", "Temas relevantes en proceso de cumplimiento", relevant, None
        ),
        convenios=convenios,
        reports_due=reports_due(session, meeting, since, moment, tz),
        programme=_section(
            "programme",
            "Actividades del Programa de Trabajo",
            programme,
            "activity",
        ),
        general_matters=general_matters_of(meeting),
        agenda=[p.text for p in meeting.agenda if p.parent_position is None],
    )
