"""Issued versions of a session's follow-up report (SPEC §6a), and the observaciones they carry.

The draft is rebuilt at will; the secretariat writes an *observación* per row (stored per session
and item key), then issues it. An issued version keeps the report's data and its PDF and XLSX as
they were laid out that moment, with the SHA-256 of each: a download years later gives the same
bytes, checkable against the digest shown when it was issued. Versions are numbered per organ
and year of the session, through the same numbering as the convenio progress reports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from states.dates_es import long_date
from workflow.engine.actors import Actor, require_editor
from workflow.engine.errors import Conflict, Invalid, NotFound
from workflow.items import meetings
from workflow.models import IssuedReport, Meeting, ReportObservation
from workflow.reports import followup
from workflow.reports.followup_report import Edition, FollowupReport
from workflow.runtime.clock import Clock
from workflow.runtime.duplicates import refused_as
from workflow.runtime.numbering import insert_numbered

OBSERVATION_LENGTH = 2000
"""Characters of one observación: a paragraph in a table cell, not a document."""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- observaciones ------------------------------------------------------------------------------


def observations(*, session: Session, meeting_id: int) -> dict[str, ReportObservation]:
    """The stored observaciones of a session's report, by item key."""
    rows = session.scalars(
        select(ReportObservation).where(ReportObservation.meeting_id == meeting_id)
    )
    return {r.item_key: r for r in rows}


def draft(
    *, session: Session, meeting_id: int, tz: ZoneInfo, as_of: date | None = None
) -> FollowupReport:
    """The report as it would be issued now: at `as_of` (or its default cut-off), with the
    observaciones written so far on its rows."""
    notes = {k: r.text for k, r in observations(session=session, meeting_id=meeting_id).items()}
    return followup.build(
        session=session, meeting_id=meeting_id, tz=tz, as_of=as_of, observations=notes
    )


def row_keys(report: FollowupReport) -> list[str]:
    """The item keys of the report's rows, in the order they are read, each once."""
    return list(dict.fromkeys(row.key for section in report.sections for row in section.rows))


def checked_observation(key: str, text: str, keys: Collection[str]) -> str:
    """`text` trimmed, or `Invalid` (naming the row) for a key that is no row of the report,
    a NUL byte or a text over `OBSERVATION_LENGTH`."""
    if key not in keys:
        shown = key if len(key) <= 120 else key[:120] + "…"
        raise Invalid(
            f"«{shown}» no es la clave de un renglón del informe de esta sesión.", field=key
        )
    text = text.strip()
    if "\x00" in text:
        raise Invalid(f"La observación de {key} no puede contener el carácter nulo.", field=key)
    if len(text) > OBSERVATION_LENGTH:
        raise Invalid(
            f"La observación de {key} tiene {len(text)} caracteres; el máximo es "
            f"{OBSERVATION_LENGTH}.",
            field=key,
        )
    return text


def save_observations(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    meeting_id: int,
    texts: Mapping[str, str],
    keys: Collection[str],
    whole: bool,
) -> dict[str, str]:
    """Write the observaciones `texts` (item key → text; empty removes it) of the rows `keys`.

    `whole` replaces the set (a key left out is removed: the API's PUT); otherwise only the
    rows given change (the page sends the rows a person edited, so two people annotating
    different rows at once do not undo each other). A row whose text did not change keeps who
    wrote it and when. Returns the observaciones now stored.
    """
    require_editor(actor)
    meetings.get(session=session, meeting_id=meeting_id)
    checked = {k: checked_observation(k, t, keys) for k, t in texts.items()}
    stored = observations(session=session, meeting_id=meeting_id)
    gone = [r for k, r in stored.items() if (whole and k not in checked) or checked.get(k) == ""]

    def taken() -> Conflict:
        return Conflict(
            "Otra persona escribió observaciones de este informe al mismo tiempo; recargue la "
            "página y vuelva a intentarlo."
        )

    with refused_as(session, taken):
        for record in gone:
            session.delete(record)
        for key, text in checked.items():
            known = stored.get(key)
            if not text or (known is not None and known.text == text):
                continue
            row = known or ReportObservation(meeting_id=meeting_id, item_key=key)
            row.text = text
            row.written_at = clock.now()
            row.written_by_id = actor.user_id
            row.written_by_label = actor.label
            session.add(row)
        session.flush()
    return {k: r.text for k, r in observations(session=session, meeting_id=meeting_id).items()}


# --- issued versions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedFiles:
    """What is stored of an issued version: the report's data (JSON) and its two documents."""

    data: bytes
    pdf: bytes
    xlsx: bytes
    pdf_variant: str


def prepare(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    meeting_id: int,
    tz: ZoneInfo,
    as_of: date | None = None,
) -> FollowupReport:
    """The draft about to be issued; refused for who may not issue, and for a cut-off after
    today (what happens until then could still change the report that was issued)."""
    require_editor(actor)
    report = draft(session=session, meeting_id=meeting_id, tz=tz, as_of=as_of)
    if report.as_of > clock.today():
        raise Invalid(
            f"La fecha de corte ({long_date(report.as_of)}) es posterior a hoy: un informe se "
            "emite con lo ocurrido hasta su corte. Elija una fecha de corte de hoy o anterior.",
            field="as_of",
        )
    return report


def _last_number(session: Session, meeting: Meeting) -> int | None:
    return session.scalar(
        select(func.max(IssuedReport.number)).where(
            IssuedReport.organ_id == meeting.organ_id, IssuedReport.year == meeting.year
        )
    )


class NumberTaken(Conflict):
    """Another person issued the number the files were laid out with, in the meantime."""


def next_edition(*, session: Session, meeting_id: int, clock: Clock) -> Edition:
    """The number and day the version issued now would carry: its files print them."""
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    return Edition((_last_number(session, meeting) or 0) + 1, meeting.year, clock.today())


def issue(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    meeting_id: int,
    cut_off: date,
    files: IssuedFiles,
    number: int | None = None,
) -> IssuedReport:
    """Store the session's report with `files`, as laid out: as version `number`, the one its
    files name (`NumberTaken` when another version took it first), or without one, as the next."""
    require_editor(actor)
    meeting = meetings.get(session=session, meeting_id=meeting_id)

    def row(number: int) -> IssuedReport:
        return IssuedReport(
            meeting_id=meeting.id,
            organ_id=meeting.organ_id,
            year=meeting.year,
            number=number,
            cut_off=cut_off,
            issued_at=clock.now(),
            issued_by_id=actor.user_id,
            issued_by_label=actor.label,
            data=files.data,
            pdf=files.pdf,
            xlsx=files.xlsx,
            data_sha256=sha256(files.data),
            pdf_sha256=sha256(files.pdf),
            xlsx_sha256=sha256(files.xlsx),
            pdf_variant=files.pdf_variant,
        )

    if number is None:
        return insert_numbered(session, last=lambda: _last_number(session, meeting), row=row)
    record = row(number)
    taken = NumberTaken(
        f"Otra persona emitió la versión {number}/{meeting.year} al mismo tiempo; vuelva a "
        "intentarlo."
    )
    with refused_as(session, lambda: taken):
        session.add(record)
        session.flush()
    return record


def versions(*, session: Session, meeting_id: int) -> Sequence[IssuedReport]:
    """The issued versions of a session's report, first to last (without their files)."""
    meetings.get(session=session, meeting_id=meeting_id)
    return session.scalars(
        select(IssuedReport)
        .where(IssuedReport.meeting_id == meeting_id)
        .order_by(IssuedReport.number)
    ).all()


def get(*, session: Session, meeting_id: int, number: int) -> IssuedReport:
    meeting = meetings.get(session=session, meeting_id=meeting_id)
    record = session.scalar(
        select(IssuedReport).where(
            IssuedReport.meeting_id == meeting_id, IssuedReport.number == number
        )
    )
    if record is None:
        raise NotFound(f"La sesión {meeting.key} no tiene una versión emitida número {number}.")
    return record


def file_name(record: IssuedReport, fmt: str) -> str:
    """ "seguimiento-CPVOE-5SO-2024-emitido-2024-01.pdf": the session, then the version."""
    session_part = record.meeting.key.replace("/", "-")
    return f"seguimiento-{session_part}-emitido-{record.year}-{record.number:02d}.{fmt}"


def stored_file(record: IssuedReport, fmt: str) -> tuple[bytes, str]:
    """The bytes of one format of an issued version, and their SHA-256."""
    if fmt == "pdf":
        return record.pdf, record.pdf_sha256
    if fmt == "xlsx":
        return record.xlsx, record.xlsx_sha256
    return record.data, record.data_sha256
