"""Numbered progress reports of a convenio ("Noveno informe sobre el avance del cumplimiento de
actividades … del Convenio …"): its activities with state and progress at a cut-off date.

Issuing a report records its number and cut-off; its content is rebuilt from the history before
the end of the cut-off day, which is append-only, so the ninth report reads the same next year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from states import ACTIVITY, CONVENIO
from states.vocabulary import CONVENIO_KINDS
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Invalid, NotFound
from workflow.models import Activity, Convenio, ConvenioReport
from workflow.reports import as_of
from workflow.reports.ordinals import capitalised, ordinal
from workflow.reports.rows import Action, actions_of
from workflow.runtime.clock import Clock
from workflow.runtime.numbering import insert_numbered


@dataclass
class ActivityProgress:
    """An activity as it stood at the end of the cut-off day."""

    id: int
    key: str
    title: str
    instrument: str
    """Key of the convenio or annex the activity belongs to."""
    area: str
    area_name: str
    due_date: date | None
    state: str
    state_label: str
    progress: int
    overdue: bool
    changed: bool
    """Its state or progress moved since the previous report's cut-off."""
    actions: list[Action] = field(default_factory=list)


@dataclass
class InstrumentRow:
    key: str
    title: str
    kind_label: str
    state_label: str
    signed_on: date | None
    valid_from: date | None
    valid_until: date | None


@dataclass
class Tally:
    state: str
    label: str
    count: int


@dataclass
class ProgressReport:
    number: int
    heading: str
    """"Noveno informe"."""
    title: str
    cut_off: date
    previous_cut_off: date | None
    issued_at: datetime
    issued_by: str
    convenio: InstrumentRow
    counterparts: list[str]
    areas: list[str]
    annexes: list[InstrumentRow]
    activities: list[ActivityProgress]
    counts: list[Tally]
    overdue: int
    average_progress: int


def _convenio(session: Session, convenio_id: int) -> Convenio:
    convenio = session.get(Convenio, convenio_id)
    if convenio is None:
        raise NotFound(f"No existe el convenio con id {convenio_id}.")
    return convenio


def last_number(*, session: Session, convenio_id: int) -> int | None:
    return session.scalar(
        select(func.max(ConvenioReport.number)).where(ConvenioReport.convenio_id == convenio_id)
    )


def next_number(*, session: Session, convenio_id: int) -> int:
    return (last_number(session=session, convenio_id=convenio_id) or 0) + 1


def issue(
    *, session: Session, actor: Actor, clock: Clock, convenio_id: int, cut_off: date | None = None
) -> ConvenioReport:
    """Issue the convenio's next numbered report, with data up to `cut_off` (default: today)."""
    require_editor(actor)
    convenio = _convenio(session, convenio_id)
    day = cut_off or clock.today()
    if day > clock.today():
        raise Invalid("La fecha de corte no puede ser posterior a hoy.", field="cut_off")
    last = session.scalar(
        select(ConvenioReport)
        .where(ConvenioReport.convenio_id == convenio.id)
        .order_by(ConvenioReport.number.desc())
        .limit(1)
    )
    if last is not None and day < last.cut_off:
        raise Invalid(
            f"La fecha de corte no puede ser anterior a la del informe {last.number} "
            f"({last.cut_off.strftime('%d/%m/%Y')}).",
            field="cut_off",
        )
    return insert_numbered(
        session,
        last=lambda: last_number(session=session, convenio_id=convenio.id),
        row=lambda number: ConvenioReport(
            convenio_id=convenio.id,
            number=number,
            cut_off=day,
            issued_at=clock.now(),
            issued_by_id=actor.user_id,
            issued_by_label=actor.label,
        ),
    )


def issued(*, session: Session, convenio_id: int) -> Sequence[ConvenioReport]:
    _convenio(session, convenio_id)
    return session.scalars(
        select(ConvenioReport)
        .where(ConvenioReport.convenio_id == convenio_id)
        .order_by(ConvenioReport.number)
    ).all()


def get(*, session: Session, convenio_id: int, number: int) -> ConvenioReport:
    report = session.scalar(
        select(ConvenioReport).where(
            ConvenioReport.convenio_id == convenio_id, ConvenioReport.number == number
        )
    )
    if report is None:
        raise NotFound(f"El convenio {convenio_id} no tiene un informe número {number}.")
    return report


def has_annexes(*, session: Session, convenio_id: int) -> bool:
    return (
        session.scalar(select(Convenio.id).where(Convenio.parent_id == convenio_id).limit(1))
        is not None
    )


def titles(*, session: Session, record: ConvenioReport) -> tuple[str, str]:
    """Heading ("Noveno informe") and full title of an issued report."""
    annexes = has_annexes(session=session, convenio_id=record.convenio_id)
    return report_title(record.number, record.convenio, annexes)


def report_title(number: int, convenio: Convenio, with_annexes: bool) -> tuple[str, str]:
    heading = capitalised(ordinal(number)) + " informe"
    title = f"{heading} sobre el avance del cumplimiento de actividades del {convenio.title}"
    return heading, title + (" y sus anexos" if with_annexes else "")


def _at(history: as_of.History, activity: Activity, moment: datetime) -> tuple[str, int]:
    """State and progress before `moment`; a concluded activity counts as 100 %, even when a
    note with a lower figure was recorded after it was concluded."""
    standing = history.standing(activity, moment)
    return standing.state, 100 if standing.state == "done" else standing.progress


def _instrument(c: Convenio) -> InstrumentRow:
    return InstrumentRow(
        key=c.key,
        title=c.title,
        kind_label=CONVENIO_KINDS.get(c.convenio_kind, c.convenio_kind),
        state_label=CONVENIO.state_label(c.state),
        signed_on=c.signed_on,
        valid_from=c.valid_from,
        valid_until=c.valid_until,
    )


def build(*, session: Session, convenio_id: int, number: int, tz: ZoneInfo) -> ProgressReport:
    """The content of issued report `number` of the convenio (`NotFound` if never issued)."""
    record = get(session=session, convenio_id=convenio_id, number=number)
    convenio = record.convenio
    previous = session.scalar(
        select(ConvenioReport.cut_off).where(
            ConvenioReport.convenio_id == convenio_id, ConvenioReport.number == number - 1
        )
    )
    annexes = list(
        session.scalars(
            select(Convenio).where(Convenio.parent_id == convenio.id).order_by(Convenio.id)
        ).unique()
    )
    instruments = {c.id: c.key for c in [convenio, *annexes]}
    activities = list(
        session.scalars(
            select(Activity)
            .where(Activity.convenio_id.in_(instruments))
            .order_by(Activity.due_date.is_(None), Activity.due_date, Activity.id)
        ).unique()
    )
    end = as_of.end_of(record.cut_off, tz)
    prev_end = as_of.end_of(previous, tz) if previous else None
    history = as_of.load(session=session, items=activities)
    rows: list[ActivityProgress] = []
    for a in activities:
        state, progress = _at(history, a, end)
        changed = prev_end is not None and (state, progress) != _at(history, a, prev_end)
        rows.append(
            ActivityProgress(
                id=a.id,
                key=a.key,
                title=a.title,
                instrument=instruments[a.convenio_id or convenio.id],
                area=a.area.code,
                area_name=a.area.name,
                due_date=a.due_date,
                state=state,
                state_label=ACTIVITY.state_label(state),
                progress=progress,
                overdue=a.due_date is not None
                and a.due_date < record.cut_off
                and not ACTIVITY.is_final(state),
                changed=changed,
                actions=actions_of(a, history.standing(a, end), tz)[-2:],
            )
        )
    tally = Counter(r.state for r in rows)
    heading, title = report_title(number, convenio, bool(annexes))
    return ProgressReport(
        number=number,
        heading=heading,
        title=title,
        cut_off=record.cut_off,
        previous_cut_off=previous,
        issued_at=record.issued_at,
        issued_by=record.issued_by_label,
        convenio=_instrument(convenio),
        counterparts=[p.name for p in convenio.counterparts],
        areas=[a.code for a in convenio.areas],
        annexes=[_instrument(c) for c in annexes],
        activities=rows,
        counts=[Tally(s, label, tally[s]) for s, label in ACTIVITY.states.items()],
        overdue=sum(r.overdue for r in rows),
        average_progress=round(sum(r.progress for r in rows) / len(rows)) if rows else 0,
    )
