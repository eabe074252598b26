"""A file kept between an import's dry run and its application: found again by its id and
digest, never by a forged id, and not kept for ever."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

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
