"""An uploaded import file kept between its dry run and its application (the pages' two steps).

The import page shows what a file would do and asks before applying it. The file must be
neither uploaded twice nor lost between the two requests, and any process of the service may
answer the second one: so it is kept on disk under `files_dir` (shared by every process, as
evidence files are), named by a random id, and checked against its SHA-256 when it is applied.
It is removed once applied, and any left behind is removed after `MAX_AGE`.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from workflow.engine.errors import Invalid

FOLDER = "importaciones-pendientes"
MAX_AGE_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
"""What `secrets.token_urlsafe(32)` gives; anything else never reaches the file system."""


@dataclass(frozen=True)
class Pending:
    """The reference to a kept file: its random id and the digest of its bytes."""

    token: str
    digest: str


class Gone(Invalid):
    """The kept file is missing, too old or not the one that was checked."""

    code = "import_expired"


def keep(*, files_dir: Path, data: bytes) -> Pending:
    """Store `data` until it is applied; files older than `MAX_AGE_SECONDS` are cleared first."""
    folder = files_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    _clear_old(folder)
    token = secrets.token_urlsafe(32)
    path = folder / f"{token}.subida"
    partial = path.with_suffix(".parcial")
    partial.write_bytes(data)
    partial.replace(path)  # never seen half written by another process
    return Pending(token=token, digest=hashlib.sha256(data).hexdigest())


def take(*, files_dir: Path, pending: Pending) -> bytes:
    """The kept bytes, if they are still there, recent and the same that were checked."""
    path = _path(files_dir, pending.token)
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
            raise FileNotFoundError(path)
        data = path.read_bytes()
    except OSError:
        raise Gone(
            "El archivo revisado ya no está disponible (pasó más de una hora o ya se aplicó). "
            "Vuelva a subirlo."
        ) from None
    if not secrets.compare_digest(hashlib.sha256(data).hexdigest(), pending.digest):
        raise Gone("El archivo guardado no coincide con el que se revisó. Vuelva a subirlo.")
    return data


def discard(*, files_dir: Path, token: str) -> None:
    """Forget a kept file (applied, refused or replaced); a missing one is not an error."""
    with contextlib.suppress(OSError, Gone):
        _path(files_dir, token).unlink(missing_ok=True)


def _path(files_dir: Path, token: str) -> Path:
    if not _TOKEN.fullmatch(token):
        raise Gone("La referencia del archivo revisado no es válida. Vuelva a subirlo.")
    return files_dir / FOLDER / f"{token}.subida"


def _clear_old(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # another process cleared it first
