"""The *seguimiento de acuerdos* of a session (SPEC §6): what the secretariat presents at item 2.

The report is judged as of the session's date: an agreement is overdue when its deadline falls
before the day the commission reads the report. States and actions are the ones recorded when
the report is built, so a report prepared days ahead shows what was known then and one printed
after an update shows it at once. Agreements of earlier sessions appear while open, and once more
when they close after the previous session, so the commission hears that they were fulfilled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from states import AGREEMENT, LIFECYCLES
from states.kinds import KINDS
from states.vocabulary import MEETING_KINDS, MODALITIES
from workflow.items import meetings
from workflow.items.kinds import Tracked, history_of
from workflow.models import Activity, Agreement, Convenio, Meeting, Transition
from workflow.reports.convenios_summary import ConveniosSummary, summarise
from workflow.reports.ordinals import capitalised, ordinal
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
class FollowupReport:
    header: Header
    title: str
    as_of: date
    previous_sessions: list[str]
    """Keys of the sessions whose agreements are followed up, oldest first."""
    approved: Section
    still_open: Section
    relevant: Section
    convenios: ConveniosSummary

    @property
    def sections(self) -> list[Section]:
        return [self.approved, self.still_open, self.relevant]


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


def _agreements_of(session: Session, where: Sequence[ColumnElement[bool]]) -> list[Agreement]:
    stmt = select(Agreement).join(Agreement.meeting).where(*where)
    return list(
        session.scalars(stmt.order_by(Meeting.date, Meeting.id, Agreement.seq)).unique().all()
    )


def _relevant_items(session: Session, meeting: Meeting) -> list[Tracked]:
    """Temas relevantes en proceso de cumplimiento: relevant and not final, of this organ."""
    organ_id = meeting.organ_id
    found: list[Tracked] = list(
        _agreements_of(
            session,
            [
                Meeting.organ_id == organ_id,
                Meeting.date <= meeting.date,
                Meeting.id != meeting.id,
                Agreement.relevant.is_(True),
                Agreement.state.in_(AGREEMENT.open_states()),
            ],
        )
    )
    convenio_states = LIFECYCLES["convenio"].open_states()
    found += session.scalars(
        select(Convenio)
        .where(
            Convenio.relevant.is_(True),
            Convenio.state.in_(convenio_states),
            (Convenio.organ_id == organ_id) | Convenio.organ_id.is_(None),
        )
        .order_by(Convenio.valid_until.is_(None), Convenio.valid_until, Convenio.id)
    ).unique()
    organ_convenios = select(Convenio.id).where(
        (Convenio.organ_id == organ_id) | Convenio.organ_id.is_(None)
    )
    found += session.scalars(
        select(Activity)
        .where(
            Activity.relevant.is_(True),
            Activity.state.in_(LIFECYCLES["activity"].open_states()),
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

    `as_of` is the report's cut-off (the session's date when not given); `observations` are the
    secretariat's per-row notes keyed by item key, set on the rows they name."""
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    as_of = as_of or meeting.date
    notes = observations or {}
    followed = followed_sessions(session=session, meeting=meeting)
    followed_ids = [m.id for m in followed]
    approved = _agreements_of(session, [Agreement.meeting_id.in_(followed_ids)])
    earlier = [Meeting.organ_id == meeting.organ_id, Meeting.id.not_in(followed_ids)]
    if followed:
        earlier.append(Meeting.date <= followed[0].date)
    else:
        earlier.append(Meeting.date < meeting.date)
    carried: ColumnElement[bool] = Agreement.state.in_(AGREEMENT.open_states())
    if followed:
        closed_since = datetime.combine(followed[0].date, time.min, tzinfo=tz)
        carried |= Agreement.id.in_(
            select(Transition.item_id).where(
                history_of(Transition, "agreement"),
                Transition.to_state.in_(sorted(AGREEMENT.final)),
                Transition.at >= closed_since,
            )
        ) & Agreement.state.in_(sorted(AGREEMENT.final))
    still_open = _agreements_of(session, [*earlier, Meeting.id != meeting.id, carried])
    relevant = _relevant_items(session, meeting)

    def rows(items: Sequence[Tracked]) -> list[ItemRow]:
        found = rows_of(session=session, items=items, as_of=as_of)
        for row in found:
            row.observation = notes.get(row.key, "")
        return found

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
        approved=_section(
            "approved",
            f"Acuerdos aprobados en la {names}" if followed else "Acuerdos de la sesión anterior",
            rows(approved),
            "agreement",
        ),
        still_open=_section(
            "still_open",
            "Acuerdos de sesiones anteriores en proceso de cumplimiento o concluidos desde la "
            "sesión anterior",
            rows(still_open),
            "agreement",
        ),
        relevant=_section(
            "relevant", "Temas relevantes en proceso de cumplimiento", rows(relevant), None
        ),
        convenios=summarise(
            session=session,
            organ=meeting.organ,
            since=followed[0].date if followed else None,
            as_of=as_of,
            tz=tz,
            expiring_within_days=expiring_within_days,
        ),
    )
