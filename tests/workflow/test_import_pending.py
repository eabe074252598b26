"""A file kept between an import's dry run and its application: found again by its id and
digest, never by a forged id, and not kept for ever."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from workflow.transfer import pending


def test_a_kept_file_is_given_back_only_with_its_digest(tmp_path: Path) -> None:
    kept = pending.keep(files_dir=tmp_path, data=b"clave,nombre\r\nUTVOE,Unidad\r\n")
    assert pending.take(files_dir=tmp_path, pending=kept) == b"clave,nombre\r\nUTVOE,Unidad\r\n"
    other = pending.Pending(token=kept.token, digest="0" * 64)
    with pytest.raises(pending.Gone, match="no coincide"):
        pending.take(files_dir=tmp_path, pending=other)
    pending.discard(files_dir=tmp_path, token=kept.token)
    with pytest.raises(pending.Gone, match="ya no está disponible"):
        pending.take(files_dir=tmp_path, pending=kept)


def test_a_forged_reference_never_reaches_the_file_system(tmp_path: Path) -> None:
    for token in ("../../etc/passwd", "", "a" * 42, "a" * 43 + "/"):
        with pytest.raises(pending.Gone, match="no es válida"):
            pending.take(files_dir=tmp_path, pending=pending.Pending(token=token, digest=""))
        pending.discard(files_dir=tmp_path, token=token)  # quietly nothing


def test_files_older_than_an_hour_are_refused_and_cleared(tmp_path: Path) -> None:
    old = pending.keep(files_dir=tmp_path, data=b"viejo")
    path = tmp_path / pending.FOLDER / f"{old.token}.subida"
    an_hour_ago = time.time() - pending.MAX_AGE_SECONDS - 5
    os.utime(path, (an_hour_ago, an_hour_ago))
    with pytest.raises(pending.Gone):
        pending.take(files_dir=tmp_path, pending=old)
    new = pending.keep(files_dir=tmp_path, data=b"nuevo")
    assert not path.exists()
    assert [p.name for p in (tmp_path / pending.FOLDER).iterdir()] == [f"{new.token}.subida"]
