"""What a session's follow-up report holds (SPEC §6a): its header, sections, rows and counts,
and whether it is a draft or an issued version. Assembled by `workflow.reports.followup`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from states.dates_es import long_date
from states.vocabulary import MEETING_KINDS, MODALITIES
from workflow.models import Meeting
from workflow.reports.convenios_summary import ConveniosSummary
from workflow.reports.ordinals import capitalised, ordinal
from workflow.reports.rows import ItemRow


@dataclass(frozen=True)
class Edition:
    """An issued version's number and day: printed on its PDF and XLSX, so a copy names itself."""

    number: int
    year: int
    issued_on: date

    @property
    def label(self) -> str:
        """ "Versión emitida 1/2024"."""
        return f"Versión emitida {self.number}/{self.year}"

    @property
    def line(self) -> str:
        """ "Versión emitida 1/2024, emitida el 5 de diciembre de 2026"."""
        return f"{self.label}, emitida el {long_date(self.issued_on)}"


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
    edition: Edition | None = None
    """The issued version this is, set when it is issued; None: a draft («Borrador»)."""

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
