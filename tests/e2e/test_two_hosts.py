"""Two hosts' worth of API processes on one PostgreSQL: each with its own files folder.

With `SEGUIMIENTO_FILES_STORAGE=database` an evidence file uploaded to one is downloaded,
byte for byte, from the other; with the default folder storage the other host has no copy,
which is why several hosts need the database store (or one shared folder).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.processes import clean_env, empty_postgres_database, run, serving

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 40


def _hosts(tmp_path: Path, url: str, storage: str) -> tuple[dict[str, str], dict[str, str]]:
    one, two = tmp_path / f"{storage}-uno", tmp_path / f"{storage}-dos"
    one.mkdir()
    two.mkdir()
    extra = {"SEGUIMIENTO_FILES_STORAGE": storage}
    env_one, env_two = clean_env(url, one, **extra), clean_env(url, two, **extra)
    assert run(env_one, one, "init").returncode == 0
    return env_one, env_two


@pytest.mark.parametrize("storage", ["database", "folder"])
def test_a_file_uploaded_to_one_host_is_served_by_the_other(tmp_path: Path, storage: str) -> None:
    with empty_postgres_database() as url:
        env_one, env_two = _hosts(tmp_path, url, storage)
        one_dir, two_dir = tmp_path / f"{storage}-uno", tmp_path / f"{storage}-dos"
        assert run(env_one, one_dir, "demo").returncode == 0
        added = run(
            env_one, one_dir, "users", "add", "--email", "st@prueba.mx", "--name", "ST",
            "--role", "secretariat",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        auth = {"Authorization": f"Bearer {added.stdout.strip().splitlines()[-1]}"}
        with serving(env_one, one_dir) as first, serving(env_two, two_dir) as second:
            agreement = first.get("/api/v1/agreements?limit=1", headers=auth).json()["items"][0]
            sent = first.post(
                f"/api/v1/agreements/{agreement['id']}/updates",
                data={"note": "Oficio de cumplimiento"},
                files={"file": ("oficio.pdf", PDF, "application/pdf")},
                headers=auth,
            )
            assert sent.status_code == 201, sent.text
            file_id = sent.json()["file"]["id"]
            here = first.get(f"/api/v1/files/{file_id}", headers=auth)
            there = second.get(f"/api/v1/files/{file_id}", headers=auth)
        assert here.status_code == 200 and here.content == PDF
        if storage == "database":
            assert there.status_code == 200 and there.content == PDF
            assert "oficio.pdf" in there.headers["content-disposition"]
            assert not (one_dir / "archivos").exists() or not any((one_dir / "archivos").iterdir())
        else:
            assert there.status_code == 404
            assert "ya no está en el almacenamiento" in there.json()["detail"]
