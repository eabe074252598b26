"""A file kept between an import's dry run and its application: found again by its id and
digest, never by a forged id, and not kept for ever."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, select, update

from workflow.models import StoredFile
from workflow.runtime.db import session_factory
from workflow.runtime.settings import Settings
from workflow.spreadsheets import pending_imports


def test_a_kept_file_is_given_back_only_with_its_digest(tmp_path: Path) -> None:
    kept = pending_imports.keep(files_dir=tmp_path, data=b"clave,nombre\r\nUTVOE,Unidad\r\n")
    assert (
        pending_imports.take(files_dir=tmp_path, pending=kept)
        == b"clave,nombre\r\nUTVOE,Unidad\r\n"
    )
    other = pending_imports.Pending(token=kept.token, digest="0" * 64)
    with pytest.raises(pending_imports.Gone, match="no coincide"):
        pending_imports.take(files_dir=tmp_path, pending=other)
    pending_imports.discard(files_dir=tmp_path, token=kept.token)
    with pytest.raises(pending_imports.Gone, match="ya no está disponible"):
        pending_imports.take(files_dir=tmp_path, pending=kept)


def test_a_forged_reference_never_reaches_the_file_system(tmp_path: Path) -> None:
    for token in ("../../etc/passwd", "", "a" * 42, "a" * 43 + "/"):
        with pytest.raises(pending_imports.Gone, match="no es válida"):
            pending_imports.take(
                files_dir=tmp_path, pending=pending_imports.Pending(token=token, digest="")
            )
        pending_imports.discard(files_dir=tmp_path, token=token)  # quietly nothing


def test_files_older_than_an_hour_are_refused_and_cleared(tmp_path: Path) -> None:
    old = pending_imports.keep(files_dir=tmp_path, data=b"viejo")
    path = tmp_path / pending_imports.FOLDER / f"{old.token}.subida"
    an_hour_ago = time.time() - pending_imports.MAX_AGE_SECONDS - 5
    os.utime(path, (an_hour_ago, an_hour_ago))
    with pytest.raises(pending_imports.Gone):
        pending_imports.take(files_dir=tmp_path, pending=old)
    new = pending_imports.keep(files_dir=tmp_path, data=b"nuevo")
    assert not path.exists()
    assert [p.name for p in (tmp_path / pending_imports.FOLDER).iterdir()] == [
        f"{new.token}.subida"
    ]


def test_in_the_database_a_kept_file_is_found_by_any_process(connection: Connection) -> None:
    """With the database store, the host that applies need not be the one that checked."""
    checked_here = pending_imports.DatabaseShelf(session_factory(connection))
    applied_there = pending_imports.DatabaseShelf(session_factory(connection))
    kept = checked_here.keep(b"clave,nombre\r\nUTVOE,Unidad\r\n")
    assert applied_there.take(kept) == b"clave,nombre\r\nUTVOE,Unidad\r\n"
    with pytest.raises(pending_imports.Gone, match="no coincide"):
        applied_there.take(pending_imports.Pending(token=kept.token, digest="0" * 64))
    applied_there.discard(kept.token)
    with pytest.raises(pending_imports.Gone, match="ya no está disponible"):
        applied_there.take(kept)
    with pytest.raises(pending_imports.Gone, match="no es válida"):
        applied_there.take(pending_imports.Pending(token="../x", digest=""))
    applied_there.discard("../x")  # quietly nothing


def test_in_the_database_a_kept_file_older_than_an_hour_is_refused_and_cleared(
    connection: Connection,
) -> None:
    shelf = pending_imports.DatabaseShelf(session_factory(connection))
    old = shelf.keep(b"viejo")
    an_hour_ago = datetime.now(UTC) - timedelta(seconds=pending_imports.MAX_AGE_SECONDS + 5)
    connection.execute(
        update(StoredFile).where(StoredFile.name.endswith(old.token)).values(created_at=an_hour_ago)
    )
    with pytest.raises(pending_imports.Gone):
        shelf.take(old)
    new = shelf.keep(b"nuevo")
    names = connection.scalars(select(StoredFile.name)).all()
    assert names == [f"{pending_imports.FOLDER}/{new.token}"]


def test_the_settings_choose_the_shelf(tmp_path: Path, connection: Connection) -> None:
    factory = session_factory(connection)
    folder = Settings(database_url="sqlite://", files_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    database = folder.model_copy(update={"files_storage": "database"})
    assert isinstance(pending_imports.shelf(folder, factory), pending_imports.FolderShelf)
    assert isinstance(pending_imports.shelf(database, factory), pending_imports.DatabaseShelf)
