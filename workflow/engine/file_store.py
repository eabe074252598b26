"""Where uploaded files' bytes live: a folder (default) or the database.

One server keeps them in `SEGUIMIENTO_FILES_DIR`. Several hosts either share that folder or set
`SEGUIMIENTO_FILES_STORAGE=database`, and every process serves every file from the one
database. Either way a file becomes visible only when the row that names it commits, and a
rolled-back request leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from workflow.models import StoredFile
from workflow.runtime.settings import Settings

PENDING = ".part"
"""Suffix of a file written during a request whose transaction has not committed yet."""

_SESSION_KEY = "evidence_pending"


@dataclass(frozen=True)
class FolderStore:
    """Files under `root`, each written as a hidden `.part` and renamed at commit."""

    root: Path

    def write(self, session: Session, name: str, source: BinaryIO) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        pending = self.root / f".{name}{PENDING}"
        try:
            with pending.open("wb") as out:
                shutil.copyfileobj(source, out)
        except BaseException:
            pending.unlink(missing_ok=True)
            raise
        session.info.setdefault(_SESSION_KEY, []).append((pending, self.root / name))

    def read(self, session: Session, name: str) -> Path | None:
        path = self.root / name
        return path if path.is_file() else None


@dataclass(frozen=True)
class DatabaseStore:
    """Files as rows of `stored_files`, written in the same transaction as the row naming them."""

    def write(self, session: Session, name: str, source: BinaryIO) -> None:
        session.add(StoredFile(name=name, data=source.read()))

    def read(self, session: Session, name: str) -> bytes | None:
        row = session.get(StoredFile, name)
        return row.data if row is not None else None


FileStore = FolderStore | DatabaseStore


def of(settings: Settings) -> FileStore:
    """The store this process's settings name."""
    if settings.files_storage == "database":
        return DatabaseStore()
    return FolderStore(Path(settings.files_dir))


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
