"""Evidence files: checked for type (by signature) and size, stored under a random name in
`files_dir` once the row that names them commits."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import filetype
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid, NotFound
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

PENDING = ".part"
"""Suffix of a file written during a request whose transaction has not committed yet."""

_SESSION_KEY = "evidence_pending"


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
    files_dir: Path,
    item: Item,
    upload: Upload,
    max_bytes: int,
) -> EvidenceFile:
    """`store` an upload as one of `item`'s files."""
    return store(
        session=session,
        actor=actor,
        files_dir=files_dir,
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
    files_dir: Path,
    item_kind: str,
    item_id: int,
    filename: str,
    stream: BinaryIO,
    max_bytes: int,
) -> EvidenceFile:
    """Check and record the upload; its file takes its real name only when the row commits.

    The bytes go to a hidden `.part` file first; `session`'s commit renames it, a rollback (or a
    session closed without commit) removes it, and `sweep` tidies what a crash left between.
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
    files_dir.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + suffix
    pending = files_dir / f".{stored_name}{PENDING}"
    sha = hashlib.sha256()
    size = 0
    head = b""
    try:
        with pending.open("wb") as out:
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
                out.write(chunk)
        if size == 0:
            raise Invalid(f"El archivo «{name}» está vacío.", field="file")
        if not signature_matches(suffix, head):
            raise Invalid(
                f"El contenido de «{name}» no corresponde a un archivo {suffix}; "
                "revise que sea el documento correcto y no otro con la extensión cambiada.",
                field="file",
            )
    except BaseException:
        pending.unlink(missing_ok=True)
        raise
    session.info.setdefault(_SESSION_KEY, []).append((pending, files_dir / stored_name))
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


@event.listens_for(Session, "after_commit")
def _keep_committed(session: Session) -> None:
    """The rows are committed: their files take their real names."""
    for pending, target in session.info.pop(_SESSION_KEY, []):
        with contextlib.suppress(FileNotFoundError):  # a sweep finished it first
            os.replace(pending, target)


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    """The transaction ended without a commit (rolled back or closed): its files go."""
    if transaction.parent is None:
        for pending, _target in session.info.pop(_SESSION_KEY, []):
            pending.unlink(missing_ok=True)


@dataclass
class SweepReport:
    finished: int = 0
    """Files whose row committed but whose rename a crash cut off, now in place."""
    removed: int = 0
    """Files older than the grace period that no row names, now deleted."""


def sweep(
    *, session: Session, files_dir: Path, now: datetime, grace: timedelta = timedelta(hours=1)
) -> SweepReport:
    """Tidy `files_dir`: finish renames a crash interrupted, delete files no row names.

    Only files older than `grace` are deleted, so an upload whose request is still running
    (its row not yet committed) is never taken from under it.
    """
    report = SweepReport()
    if not files_dir.is_dir():
        return report
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
