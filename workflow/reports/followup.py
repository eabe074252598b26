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
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import LIFECYCLES
from states.kinds import KINDS
from states.minutes import MINUTES
from states.vocabulary import MEETING_KINDS, MODALITIES
from workflow.items import meetings
from workflow.items.kinds import Tracked
from workflow.models import Activity, Agreement, Convenio, ConvenioReport, Meeting
from workflow.reports import as_of as history
from workflow.reports.convenio_progress import has_annexes, report_title
from workflow.reports.convenios_summary import ConveniosSummary, summarise
from workflow.reports.ordinals import capitalised, ordinal
from workflow.reports.presented import presented
from workflow.reports.rows import ItemRow, rows_of

EXPIRING_WITHIN_DAYS = 60
"""A convenio in force whose validity ends within this many days is reported as about to expire."""


@dataclass
class Header:
    """Who meets and when: the first lines of every page of the report."""

    organ: str
    organ_name: str
    meeting_id: int
    meeting_key: str
    kind: str
    kind_label: str
    number: int
    year: int
    date: date
    time: time | None
    modality_label: str
    session_name: str
    """"Quinta sesión ordinaria de 2024"."""


@dataclass
class Count:
    state: str
    label: str
    count: int


@dataclass
class Section:
    """A titled list of rows with the count of each state and of overdue rows."""

    key: str
    title: str
    rows: list[ItemRow]
    counts: list[Count] = field(default_factory=list)
    overdue: int = 0


@dataclass
class MinutesRow:
    """Point 1: the minutes of a session followed up, as they stood at the cut-off."""

    meeting_key: str
    session_name: str
    state: str
    state_label: str
    approved_in: str | None
    """The session that approved them, once approved."""


@dataclass
class ReportDue:
    """Point 4: a convenio's numbered progress report presented at the session."""

    convenio_id: int
    convenio_key: str
    number: int
    heading: str
    """"Noveno informe"."""
    title: str
    cut_off: date | None
    """None: named in the agenda but not issued by the cut-off."""
    issued_on: date | None


@dataclass
class FollowupReport:
    header: Header
    title: str
    as_of: date
    """The cut-off: everything is shown as it stood at the end of this day."""
    previous_sessions: list[str]
    """Keys of the sessions whose agreements are followed up, oldest first."""
    minutes: list[MinutesRow]
    approved: Section
    still_open: Section
    closed: Section
    relevant: Section
    convenios: ConveniosSummary
    reports_due: list[ReportDue]
    programme: Section
    general_matters: list[str]
    """Point 5: the sub-points of «Asuntos generales» in the session's agenda."""
    agenda: list[str] = field(default_factory=list)
    """The session's agenda points, as registered."""

    @property
    def sections(self) -> list[Section]:
        """The sections listing items, in the report's order."""
        return [self.approved, self.still_open, self.closed, self.relevant, self.programme]

    @property
    def agreement_sections(self) -> list[Section]:
        return [self.approved, self.still_open, self.closed]


def default_cut_off(meeting: Meeting) -> date:
    """The day before the session: what the secretariat knew when it sent the report."""
    return meeting.date - timedelta(days=1)


def session_name(meeting: Meeting) -> str:
    """ "quinta sesión ordinaria de 2024", as the agenda names a session."""
    kind = MEETING_KINDS.get(meeting.kind, meeting.kind).lower()
    return f"{ordinal(meeting.number, 'f')} sesión {kind} de {meeting.year}"


def header_of(meeting: Meeting) -> Header:
    return Header(
        organ=meeting.organ.code,
        organ_name=meeting.organ.name,
        meeting_id=meeting.id,
        meeting_key=meeting.key,
        kind=meeting.kind,
        kind_label=MEETING_KINDS.get(meeting.kind, meeting.kind),
        number=meeting.number,
        year=meeting.year,
        date=meeting.date,
        time=meeting.time,
        modality_label=MODALITIES.get(meeting.modality, meeting.modality),
        session_name=capitalised(session_name(meeting)),
    )


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


def _candidates(session: Session, meeting: Meeting, moment: datetime) -> list[Tracked]:
    """Every item the report may list, as stored: the organ's acuerdos of sessions up to this
    one (not its own), its convenios and activities, created before the cut-off. Which section
    each goes to depends on its state at the cut-off, decided after its history is read."""
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


def _minutes(session: Session, followed: Sequence[Meeting], moment: datetime) -> list[MinutesRow]:
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


def _reports_due(
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


def _general_matters(meeting: Meeting) -> list[str]:
    """Sub-points of the agenda's «Asuntos generales», when the agenda has them."""
    points = [p for p in meeting.agenda if p.parent_position is None]
    general = [p for p in points if p.text.casefold().startswith("asuntos generales")]
    if not general:
        return []
    return [p.text for p in meeting.agenda if p.parent_position == general[0].position]


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

    items = _candidates(session, meeting, moment)
    loaded = history.load(session=session, items=items)
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
        minutes=_minutes(session, followed, moment),
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
        reports_due=_reports_due(session, meeting, since, moment, tz),
        programme=_section(
            "programme",
            "Actividades del Programa de Trabajo",
            programme,
            "activity",
        ),
        general_matters=_general_matters(meeting),
        agenda=[p.text for p in meeting.agenda if p.parent_position is None],
    )
