"""Sessions of an organ: create with their agenda, list, and approve their minutes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from states.vocabulary import MEETING_KINDS, MODALITIES
from workflow.directory.catalogue import organ_by_code
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Conflict, Invalid, NotFound, StaleVersion
from workflow.engine.fire import fire, flush_or_stale
from workflow.items import session_agenda as order_of_day
from workflow.items.session_agenda import Entry
from workflow.models import Agreement, Meeting, Minutes, Organ, Transition
from workflow.runtime.clock import Clock
from workflow.runtime.duplicates import refused_as


@dataclass
class AgendaPoint:
    """A point of the order of the day, with its sub-points (a, b, c…)."""

    text: str
    items: list[str] = field(default_factory=list)


class Outline(Protocol):
    """A point with its sub-points, as the API's body (or an `AgendaPoint`) has it."""

    @property
    def text(self) -> str: ...

    @property
    def items(self) -> Sequence[str]: ...


Agenda = Sequence[str | Outline | Entry]
"""The order of the day as it is sent: points alone (text), points with their sub-points (the
API), or lines where a sub-point follows its point (the session form)."""


def lines(agenda: Agenda) -> list[Entry]:
    """The order of the day as lines, whichever way it was sent."""
    found: list[Entry] = []
    for point in agenda:
        if isinstance(point, Entry):
            found.append(point)
        elif isinstance(point, str):
            found.append(Entry(point))
        else:
            found += [Entry(point.text), *(Entry(sub, sub=True) for sub in point.items)]
    return found


def create(
    *,
    session: Session,
    actor: Actor,
    organ: str,
    kind: str,
    number: int,
    year: int,
    day: date,
    at: time | None,
    modality: str,
    agenda: Agenda,
) -> Meeting:
    """A new session with its order of the day, from what a page or the API sent: the one way
    a session is made. Its agenda is laid out as an edit lays it out (`session_agenda`)."""
    require_editor(actor)
    _check_kinds(kind, modality)
    organ_row = organ_by_code(session=session, code=organ)
    same = select(Meeting.id).where(Meeting.numbered(organ_row.id, kind, number, year))

    def taken() -> Conflict:
        duplicate = session.scalar(same)
        return Conflict(
            f"Ya existe la sesión {kind} número {number} de {year} de {organ_row.code} "
            f"(id {duplicate}).",
            existing_id=duplicate,
        )

    if session.scalar(same):
        raise taken()
    meeting = Meeting(
        organ_id=organ_row.id,
        kind=kind,
        number=number,
        year=year,
        date=day,
        time=at,
        modality=modality,
    )
    order_of_day.replace(session=session, meeting=meeting, entries=lines(agenda))
    with refused_as(session, taken):
        session.add(meeting)
        session.flush()
    session.add(Minutes(meeting_id=meeting.id, state="draft"))
    session.flush()
    session.refresh(meeting)
    return meeting


def edit(
    *,
    session: Session,
    actor: Actor,
    meeting_id: int,
    organ: str,
    kind: str,
    number: int,
    day: date,
    at: time | None,
    modality: str,
    entries: Sequence[Entry],
    expected_version: int | None = None,
) -> Meeting:
    """Change a session's data and order of the day (the edit page's `If-Match` is `version`).

    Organ, kind, number and year make the session's key, which its acuerdos' keys repeat: once it
    has acuerdos they stay as they are.
    """
    require_editor(actor)
    meeting = get(session=session, meeting_id=meeting_id)
    if expected_version is not None and expected_version != meeting.version:
        raise StaleVersion(
            f"La sesión {meeting.key} cambió mientras usted la editaba (versión "
            f"{meeting.version}); recargue para ver los cambios y vuelva a intentarlo.",
            current_version=meeting.version,
        )
    _check_kinds(kind, modality)
    organ_row = organ_by_code(session=session, code=organ)
    identity = (organ_row.id, kind, number, day.year)
    if identity != (meeting.organ_id, meeting.kind, meeting.number, meeting.year):
        if has_agreements(session=session, meeting_id=meeting.id):
            raise Invalid(
                f"La sesión {meeting.key} ya tiene acuerdos cuyas claves la nombran: su órgano, "
                "tipo, número y año no pueden cambiar.",
                field="number",
            )
        duplicate = session.scalar(
            select(Meeting.id).where(
                Meeting.organ_id == organ_row.id,
                Meeting.kind == kind,
                Meeting.number == number,
                Meeting.year == day.year,
                Meeting.id != meeting.id,
            )
        )
        if duplicate:
            raise Conflict(
                f"Ya existe la sesión {kind} número {number} de {day.year} de {organ_row.code} "
                f"(id {duplicate}).",
                existing_id=duplicate,
                field="number",
            )
    key = meeting.key
    meeting.organ, meeting.kind, meeting.number, meeting.year = organ_row, kind, number, day.year
    meeting.date, meeting.time, meeting.modality = day, at, modality
    order_of_day.replace(session=session, meeting=meeting, entries=entries)
    flag_modified(meeting, "modality")  # an agenda-only edit moves the version on too
    flush_or_stale(session, key)
    return meeting


def has_agreements(*, session: Session, meeting_id: int) -> bool:
    """Whether acuerdos were registered in the session (their keys repeat the session's)."""
    stmt = select(Agreement.id).where(Agreement.meeting_id == meeting_id).limit(1)
    return session.scalar(stmt) is not None


def _check_kinds(kind: str, modality: str) -> None:
    if kind not in MEETING_KINDS:
        raise Invalid(
            f"Tipo de sesión «{kind}» desconocido; use: {', '.join(MEETING_KINDS)}.", field="kind"
        )
    if modality not in MODALITIES:
        raise Invalid(
            f"Modalidad «{modality}» desconocida; use: {', '.join(MODALITIES)}.", field="modality"
        )


def get(*, session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"No existe la sesión con id {meeting_id}.")
    return meeting


def list_meetings(
    *, session: Session, organ: str | None = None, year: int | None = None
) -> Sequence[Meeting]:
    stmt = select(Meeting).join(Organ)
    if organ:
        stmt = stmt.where(func.upper(Organ.code) == organ.upper())
    if year:
        stmt = stmt.where(Meeting.year == year)
    return session.scalars(stmt.order_by(Meeting.date.desc(), Meeting.id.desc())).unique().all()


def previous(*, session: Session, meeting: Meeting) -> Meeting | None:
    """The organ's session held just before this one (its agreements are followed up now)."""
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.organ_id == meeting.organ_id,
            (Meeting.date < meeting.date)
            | ((Meeting.date == meeting.date) & (Meeting.id < meeting.id)),
        )
        .order_by(Meeting.date.desc(), Meeting.id.desc())
        .limit(1)
    )


def fire_minutes_event(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    meeting_id: int,
    event: str,
    approved_in: int | None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Transition:
    """The minutes' lifecycle: approval names the later session of the organ that approved them."""
    meeting = get(session=session, meeting_id=meeting_id)
    data: dict[str, int] = {}
    if approved_in is not None:
        later = session.get(Meeting, approved_in)
        if later is None:
            raise Invalid(f"No existe la sesión con id {approved_in} («approved_in»).")
        if (
            later.organ_id != meeting.organ_id
            or later.date < meeting.date
            or later.id == meeting.id
        ):
            raise Invalid(
                f"La minuta de {meeting.key} solo puede aprobarla una sesión posterior del mismo "
                f"órgano; {later.key} no lo es."
            )
        data["approved_in_id"] = later.id
    return fire(
        session=session,
        item=meeting.minutes,
        event=event,
        actor=actor,
        clock=clock,
        note=note,
        expected_version=expected_version,
        data=data,
    )
