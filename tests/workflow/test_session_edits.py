"""Editing a session and keeping its minutes, without HTTP: the agenda is rebuilt in order
keeping the rows that stay, and nothing the acuerdos depend on moves under them."""

from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path

import pytest

from tests.factories import ADMIN, Factory
from workflow.engine.errors import Invalid, StaleVersion
from workflow.engine.file_store import FolderStore
from workflow.engine.progress import Upload
from workflow.items import meetings, minutes
from workflow.items.session_agenda import Entry, titled
from workflow.models import Meeting, Minutes

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def edit(make: Factory, meeting: Meeting, entries: list[Entry], **kw: object) -> Meeting:
    args: dict[str, object] = {
        "organ": meeting.organ.code,
        "kind": meeting.kind,
        "number": meeting.number,
        "day": meeting.date,
        "at": time(11, 0),
        "modality": meeting.modality,
        **kw,
    }
    return meetings.edit(
        session=make.session,
        actor=ADMIN,
        meeting_id=meeting.id,
        entries=entries,
        **args,  # type: ignore[arg-type]
    )


def test_an_edited_agenda_keeps_the_rows_that_stay_and_letters_sub_points(make: Factory) -> None:
    meeting = make.meeting()
    kept = meeting.agenda[0]
    seen = meeting.version
    edit(
        make,
        meeting,
        [
            Entry("Informes"),
            Entry("Red de Observación", sub=True),
            Entry("Universidades", sub=True),
            Entry("Aprobación del orden del día", item_id=kept.id),
        ],
    )
    make.session.expire_all()
    assert [titled(a) for a in meeting.agenda] == [
        "1. Informes",
        "1 a) Red de Observación",
        "1 b) Universidades",
        "2. Aprobación del orden del día",
    ]
    assert meeting.agenda[3].id == kept.id and meeting.version == seen + 1


def test_a_point_with_acuerdos_cannot_be_taken_out(make: Factory) -> None:
    meeting = make.meeting()
    make.agreement([make.area()], meeting=meeting, agenda_item_id=meeting.agenda[0].id)
    with pytest.raises(Invalid, match="tiene acuerdos"):
        edit(make, meeting, [Entry("Otro punto")])


def test_a_session_with_acuerdos_keeps_its_number(make: Factory) -> None:
    meeting = make.meeting()
    make.agreement([make.area()], meeting=meeting)
    entries = [Entry(meeting.agenda[0].text, item_id=meeting.agenda[0].id)]
    with pytest.raises(Invalid, match="ya tiene acuerdos"):
        edit(make, meeting, entries, number=meeting.number + 1)
    edit(make, meeting, entries, day=date(2024, 4, 29))  # same year: only the date moves
    assert meeting.date == date(2024, 4, 29)


def test_an_edit_from_a_stale_version_is_refused(make: Factory) -> None:
    meeting = make.meeting()
    with pytest.raises(StaleVersion):
        meetings.edit(
            session=make.session,
            actor=ADMIN,
            meeting_id=meeting.id,
            organ=meeting.organ.code,
            kind=meeting.kind,
            number=meeting.number,
            day=meeting.date,
            at=None,
            modality=meeting.modality,
            entries=[],
            expected_version=meeting.version + 1,
        )


def record(
    make: Factory, meeting: Meeting, files_dir: Path, text: str, pdf: bool = False
) -> Minutes:
    return minutes.record(
        session=make.session,
        actor=ADMIN,
        meeting_id=meeting.id,
        text=text,
        upload=Upload("acta.pdf", io.BytesIO(PDF)) if pdf else None,
        files=FolderStore(files_dir),
        max_bytes=1 << 20,
    )


def test_minutes_take_text_and_a_file_until_a_later_session_approves_them(
    make: Factory, tmp_path: Path
) -> None:
    first, later = make.meeting(day=date(2024, 4, 26)), make.meeting(day=date(2024, 5, 24))
    with pytest.raises(Invalid, match="texto de la minuta o adjunte"):
        record(make, first, tmp_path, " ")
    saved = record(make, first, tmp_path, "Acta de la sesión", pdf=True)
    assert saved.text == "Acta de la sesión" and saved.file is not None
    meetings.fire_minutes_event(
        session=make.session,
        actor=ADMIN,
        clock=make.clock,
        meeting_id=first.id,
        event="approve",
        approved_in=later.id,
    )
    with pytest.raises(Invalid, match="ya fue aprobada"):
        record(make, first, tmp_path, "Otra")
