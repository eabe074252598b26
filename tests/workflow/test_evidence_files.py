"""Evidence files: on disk once their row commits, swept when orphaned, checked by signature."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
import zlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from tests.factories import Factory
from workflow.engine import evidence, progress
from workflow.engine.errors import Invalid
from workflow.engine.file_store import FolderStore
from workflow.models import Agreement, EvidenceFile
from workflow.runtime.clock import Clock
from workflow.runtime.db import session_factory, unit_of_work

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zip(*members: tuple[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members:
            stored = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=stored)
    return out.getvalue()


def _ooxml(part: str) -> bytes:
    return _zip(
        ("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
        ("_rels/.rels", '<?xml version="1.0"?><Relationships/>'),
        (f"{part}/document.xml", '<?xml version="1.0"?><x/>'),
    )


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _odf(kind: str) -> bytes:
    return _zip(
        ("mimetype", f"application/vnd.oasis.opendocument.{kind}"),
        ("content.xml", '<?xml version="1.0"?><office:document-content/>'),
    )


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

GENUINE: dict[str, bytes] = {
    ".pdf": PDF,
    ".png": _png(),
    ".jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
    ".jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
    ".gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    ".webp": b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07",
    ".docx": _ooxml("word"),
    ".xlsx": _xlsx(),
    ".pptx": _ooxml("ppt"),
    ".odt": _odf("text"),
    ".ods": _odf("spreadsheet"),
    ".odp": _odf("presentation"),
    ".doc": OLE,
    ".xls": OLE,
    ".ppt": OLE,
}
"""A small genuine file of every accepted kind."""

DISGUISED: dict[str, bytes] = {
    ".png": PDF,
    ".docx": _xlsx(),
    ".xlsx": _ooxml("word"),
    ".odt": _odf("spreadsheet"),
    ".ods": _ooxml("word"),
    ".doc": PDF,
    ".webp": b"RIFF\x1a\x00\x00\x00WAVEfmt ",
}
"""Files of one kind named as another, beyond the HTML page every kind is tested with."""


def test_every_accepted_kind_has_a_sample() -> None:
    assert set(GENUINE) == set(evidence.ALLOWED)


def _store(session: Session, make: Factory, files_dir: Path, name: str, data: bytes) -> None:
    area = make.area()
    evidence.store(
        session=session,
        actor=make.person("secretariat").actor,
        files=FolderStore(files_dir),
        item_kind="agreement",
        item_id=make.agreement([area]).id,
        filename=name,
        stream=io.BytesIO(data),
        max_bytes=1 << 20,
    )


@pytest.mark.parametrize("suffix", sorted(GENUINE))
def test_a_genuine_file_is_accepted_and_a_disguised_one_refused(
    session: Session, make: Factory, tmp_path: Path, suffix: str
) -> None:
    _store(session, make, tmp_path, f"evidencia{suffix}", GENUINE[suffix])
    for data in (HTML, DISGUISED.get(suffix, HTML)):
        with pytest.raises(Invalid, match="no corresponde a un archivo"):
            _store(session, make, tmp_path, f"disfrazado{suffix}", data)
    assert len(list(tmp_path.iterdir())) == 1  # the genuine one, pending its commit


def _update(session: Session, make: Factory, clock: Clock, files_dir: Path) -> EvidenceFile:
    agreement = session.get(Agreement, make.agreement([make.area()]).id)
    assert agreement is not None
    update = progress.record_update(
        session=session,
        actor=make.person("secretariat").actor,
        clock=clock,
        item=agreement,
        note="Oficio de cumplimiento",
        files=FolderStore(files_dir),
        max_bytes=1 << 20,
        upload=progress.Upload("oficio.pdf", io.BytesIO(PDF)),
    )
    assert update.file is not None or update.file_id is not None
    row = session.get(EvidenceFile, update.file_id)
    assert row is not None
    return row


def test_an_update_whose_transaction_fails_after_the_file_leaves_no_file(
    connection: Connection, make: Factory, clock: Clock, tmp_path: Path
) -> None:
    with pytest.raises(RuntimeError), unit_of_work(session_factory(connection)) as session:
        _update(session, make, clock, tmp_path)
        raise RuntimeError("la base de datos se cayó antes del commit")
    assert list(tmp_path.iterdir()) == []


def test_a_committed_update_leaves_exactly_its_file(
    connection: Connection, make: Factory, clock: Clock, tmp_path: Path
) -> None:
    with unit_of_work(session_factory(connection)) as session:
        row = _update(session, make, clock, tmp_path)
        assert [p.name for p in tmp_path.iterdir()] == [f".{row.stored_name}.part"]
    assert [p.name for p in tmp_path.iterdir()] == [row.stored_name]
    assert (tmp_path / row.stored_name).read_bytes() == PDF


def test_a_session_closed_without_commit_leaves_no_file(
    connection: Connection, make: Factory, clock: Clock, tmp_path: Path
) -> None:
    session = session_factory(connection)()
    _update(session, make, clock, tmp_path)
    session.close()
    assert list(tmp_path.iterdir()) == []


def test_the_sweep_removes_old_orphans_and_finishes_interrupted_renames(
    session: Session, make: Factory, clock: Clock, tmp_path: Path
) -> None:
    row = _update(session, make, clock, tmp_path)  # not committed: its file is still pending
    session.info.pop("evidence_pending")  # as if the process died right after the commit
    hour_ago = time.time() - 2 * 3600
    old_orphan, young_orphan = tmp_path / "abandonado.pdf", tmp_path / "en-curso.pdf"
    old_part = tmp_path / ".abandonado2.pdf.part"
    for path in (old_orphan, young_orphan, old_part):
        path.write_bytes(PDF)
    for path in (old_orphan, old_part):
        os.utime(path, (hour_ago, hour_ago))
    report = evidence.sweep(
        session=session, files=FolderStore(tmp_path), now=datetime.now().astimezone()
    )
    assert (report.finished, report.removed) == (1, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([row.stored_name, "en-curso.pdf"])
    later = datetime.now().astimezone() + timedelta(hours=2)
    assert evidence.sweep(session=session, files=FolderStore(tmp_path), now=later).removed == 1
    assert [p.name for p in tmp_path.iterdir()] == [row.stored_name]
    assert session.scalar(select(EvidenceFile.stored_name)) == row.stored_name
