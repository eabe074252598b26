"""An uploaded import file kept between its dry run and its application (the pages' two steps).

The import page shows what a file would do and asks before applying it. The file must be
neither uploaded twice nor lost between the two requests, and any process of the service may
answer the second one: so it is kept where evidence files are (`shelf`: on disk under
`files_dir`, or in the database when `SEGUIMIENTO_FILES_STORAGE=database`, so a second host
finds it), named by a random id, and checked against its SHA-256 when it is applied. It is
removed once applied, and any left behind is removed after `MAX_AGE`.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from workflow.engine import file_store
from workflow.engine.errors import Invalid
from workflow.engine.file_store import DatabaseStore
from workflow.models import StoredFile
from workflow.runtime.db import unit_of_work
from workflow.runtime.settings import Settings

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


@dataclass(frozen=True)
class FolderShelf:
    """Kept files on disk under `files_dir` (one host, or a folder every host mounts)."""

    files_dir: Path

    def keep(self, data: bytes) -> Pending:
        return keep(files_dir=self.files_dir, data=data)

    def take(self, pending: Pending) -> bytes:
        return take(files_dir=self.files_dir, pending=pending)

    def discard(self, token: str) -> None:
        discard(files_dir=self.files_dir, token=token)


@dataclass(frozen=True)
class DatabaseShelf:
    """Kept files as rows of `stored_files`, each in a transaction of its own, so the process
    that applies the import need not be the one that checked it."""

    factory: sessionmaker[Session]

    def keep(self, data: bytes) -> Pending:
        token = secrets.token_urlsafe(32)
        cutoff = datetime.now(UTC) - timedelta(seconds=MAX_AGE_SECONDS)
        with unit_of_work(self.factory) as session:
            session.execute(
                delete(StoredFile).where(
                    StoredFile.name.startswith(f"{FOLDER}/"), StoredFile.created_at < cutoff
                )
            )
            session.add(StoredFile(name=_row_name(token), data=data))
        return Pending(token=token, digest=hashlib.sha256(data).hexdigest())

    def take(self, pending: Pending) -> bytes:
        name = _row_name(pending.token)
        with unit_of_work(self.factory) as session:
            row = session.get(StoredFile, name)
            fresh = row is not None and row.created_at >= datetime.now(UTC) - timedelta(
                seconds=MAX_AGE_SECONDS
            )
            data = row.data if row is not None and fresh else None
        if data is None:
            raise Gone(
                "El archivo revisado ya no está disponible (pasó más de una hora o ya se aplicó). "
                "Vuelva a subirlo."
            )
        if not secrets.compare_digest(hashlib.sha256(data).hexdigest(), pending.digest):
            raise Gone("El archivo guardado no coincide con el que se revisó. Vuelva a subirlo.")
        return data

    def discard(self, token: str) -> None:
        with contextlib.suppress(Gone), unit_of_work(self.factory) as session:
            session.execute(delete(StoredFile).where(StoredFile.name == _row_name(token)))


Shelf = FolderShelf | DatabaseShelf


def shelf(settings: Settings, factory: sessionmaker[Session]) -> Shelf:
    """Where this process keeps files between the two steps: beside the evidence files."""
    if isinstance(file_store.of(settings), DatabaseStore):
        return DatabaseShelf(factory)
    return FolderShelf(Path(settings.files_dir))


def _row_name(token: str) -> str:
    if not _TOKEN.fullmatch(token):
        raise Gone("La referencia del archivo revisado no es válida. Vuelva a subirlo.")
    return f"{FOLDER}/{token}"
