"""Evidence files: checked for type and size, stored under a random name in `files_dir`."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from workflow.actors import Actor
from workflow.errors import Invalid, NotFound
from workflow.models import EvidenceFile

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

MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF8",),
    ".docx": (b"PK",),
    ".xlsx": (b"PK",),
    ".pptx": (b"PK",),
    ".odt": (b"PK",),
    ".ods": (b"PK",),
    ".odp": (b"PK",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
}
"""First bytes each kind must start with, so a renamed executable is refused."""

CHUNK = 1 << 16


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
    """Write the upload to disk (refusing wrong types and oversize files) and record it."""
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
    target = files_dir / stored_name
    sha = hashlib.sha256()
    size = 0
    head = b""
    try:
        with target.open("wb") as out:
            while chunk := stream.read(CHUNK):
                if not head:
                    head = chunk[:8]
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
        if suffix in MAGIC and not head.startswith(MAGIC[suffix]):
            raise Invalid(
                f"El contenido de «{name}» no corresponde a un archivo {suffix}.", field="file"
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
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


def get(*, session: Session, file_id: int) -> EvidenceFile:
    row = session.get(EvidenceFile, file_id)
    if row is None:
        raise NotFound(f"No existe el archivo {file_id}.")
    return row
