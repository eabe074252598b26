"""Evidence files: checked for type (by signature) and size, stored under a random name in the
file store (`workflow.engine.file_store`: a folder or the database) once the row that names
them commits."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import filetype
from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid, NotFound
from workflow.engine.file_store import PENDING, FileStore, FolderStore
from workflow.models import EvidenceFile, Item

ALLOWED: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
"""PDF, images and office documents (SPEC §4), by extension, with the type we serve them as."""

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The header of the legacy Office formats (.doc, .xls, .ppt: OLE compound files)."""

LEGACY_OFFICE = frozenset({".doc", ".xls", ".ppt"})

HEAD_BYTES = 8192
"""How much of the start of a file the signature checks read (what `filetype` needs)."""

CHUNK = 1 << 16

SPOOL_IN_MEMORY = 1 << 20
"""An upload up to this size is checked in memory; a bigger one in a temporary file."""


def signature_matches(suffix: str, head: bytes) -> bool:
    """Whether the first bytes are those of a `suffix` file (a renamed page or program is not).

    PDF, images, OOXML (a zip with `[Content_Types].xml` and its `word/`, `xl/` or `ppt/` part)
    and ODF (a zip whose `mimetype` member names the kind) are checked by `filetype`; the legacy
    Office formats by the OLE header they share.
    """
    if suffix in LEGACY_OFFICE:
        return head.startswith(OLE)
    kind = filetype.get_type(ext="jpg" if suffix == ".jpeg" else suffix[1:])
    return kind is not None and bool(kind.match(bytearray(head)))


@dataclass(frozen=True)
class Upload:
    """A file as it arrives (evidence, minutes): its name and a stream to read once."""

    filename: str
    stream: BinaryIO


def store_upload(
    *,
    session: Session,
    actor: Actor,
    files: FileStore,
    item: Item,
    upload: Upload,
    max_bytes: int,
) -> EvidenceFile:
    """`store` an upload as one of `item`'s files."""
    return store(
        session=session,
        actor=actor,
        files=files,
        item_kind=item.kind,
        item_id=item.id,
        filename=upload.filename,
        stream=upload.stream,
        max_bytes=max_bytes,
    )


def store(
    *,
    session: Session,
    actor: Actor,
    files: FileStore,
    item_kind: str,
    item_id: int,
    filename: str,
    stream: BinaryIO,
    max_bytes: int,
) -> EvidenceFile:
    """Check and record the upload; its bytes become visible only when the row commits.

    The upload is read once into a spool (memory, or a temporary file when large) while its size,
    digest and signature are checked; only an accepted file reaches the store.
    """
    name = Path(filename or "").name or "evidencia"
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED:
        raise Invalid(
            f"El archivo «{name}» no es de un tipo admitido; se aceptan: "
            + ", ".join(sorted(ALLOWED))
            + ".",
            field="file",
        )
    stored_name = secrets.token_hex(16) + suffix
    sha = hashlib.sha256()
    size = 0
    head = b""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        while chunk := stream.read(CHUNK):
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            size += len(chunk)
            if size > max_bytes:
                raise Invalid(
                    f"El archivo «{name}» supera el máximo de {max_bytes // (1024 * 1024)} MB.",
                    field="file",
                )
            sha.update(chunk)
            spool.write(chunk)
        if size == 0:
            raise Invalid(f"El archivo «{name}» está vacío.", field="file")
        if not signature_matches(suffix, head):
            raise Invalid(
                f"El contenido de «{name}» no corresponde a un archivo {suffix}; "
                "revise que sea el documento correcto y no otro con la extensión cambiada.",
                field="file",
            )
        spool.seek(0)
        files.write(session, stored_name, spool)  # type: ignore[arg-type]
    row = EvidenceFile(
        item_kind=item_kind,
        item_id=item_id,
        filename=name,
        content_type=ALLOWED[suffix],
        size=size,
        sha256=sha.hexdigest(),
        stored_name=stored_name,
        uploaded_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    return row


@dataclass
class SweepReport:
    finished: int = 0
    """Files whose row committed but whose rename a crash cut off, now in place."""
    removed: int = 0
    """Files older than the grace period that no row names, now deleted."""


def sweep(
    *, session: Session, files: FileStore, now: datetime, grace: timedelta = timedelta(hours=1)
) -> SweepReport:
    """Tidy a folder store: finish renames a crash interrupted, delete files no row names.

    Only files older than `grace` are deleted, so an upload whose request is still running
    (its row not yet committed) is never taken from under it. The database store needs no
    sweep: its rows commit or roll back with the rows that name them.
    """
    report = SweepReport()
    if not isinstance(files, FolderStore) or not files.root.is_dir():
        return report
    files_dir = files.root
    named = set(session.scalars(select(EvidenceFile.stored_name)))
    cutoff = (now - grace).timestamp()
    for path in files_dir.iterdir():
        if not path.is_file():
            continue
        name = path.name
        if name.startswith(".") and name.endswith(PENDING):
            final = name[1 : -len(PENDING)]
            if final in named:
                with contextlib.suppress(FileNotFoundError):
                    os.replace(path, files_dir / final)
                    report.finished += 1
                continue
        elif name in named:
            continue
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                report.removed += 1
    return report


def get(*, session: Session, file_id: int) -> EvidenceFile:
    row = session.get(EvidenceFile, file_id)
    if row is None:
        raise NotFound(f"No existe el archivo {file_id}.")
    return row
