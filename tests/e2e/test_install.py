"""`pip install .` into a new virtual environment, then `init` and `serve` from another directory.

Proves that migrations and templates travel as package data: the installed copy, not the
source tree, answers. To stay quick and offline-friendly the new environment gets only our
package (`--no-deps`); its dependencies come from the project's environment through a `.pth`
file written after the install (a plain path line, so the project's editable-install hook is
not loaded and `import api` can only find the installed copy).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.e2e.processes import clean_env, run, serving

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]


def source_copy(target: Path) -> Path:
    """The files a fresh clone would have (tracked, or new and not ignored), copied aside so
    the build never writes into the working tree."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        src = REPO / name
        if src.is_file() and not name.startswith(("tests/", "bench/", ".ci/")):
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with `seguimiento` installed from a copy of the source; returns its bin/."""
    root = tmp_path_factory.mktemp("install")
    src = source_copy(root / "src")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def test_the_installed_package_is_the_one_that_runs(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import api, workflow; print(api.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(installed.parent)), where


def test_init_and_serve_work_from_any_directory(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "srv" / "seguimiento"
    elsewhere.mkdir(parents=True)
    env = clean_env("sqlite:///seguimiento.db", elsewhere)
    del env["SEGUIMIENTO_DATABASE_URL"]  # the default: a SQLite file in the working directory
    binary = installed / "seguimiento"

    done = run(env, elsewhere, "init", binary=binary)
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "seguimiento.db").is_file()
    token = run(
        env,
        elsewhere,
        "users",
        "add",
        "--email",
        "admin@ejemplo.mx",
        "--name",
        "Admin",
        "--role",
        "admin",
        binary=binary,
    )
    assert token.returncode == 0, token.stderr

    with serving(env, elsewhere, binary=binary) as http:
        health = http.get("/healthz").json()
        assert health["status"] == "ok" and health["version"]
        assert http.get("/readyz").status_code == 200
        assert "seguimiento_http_requests_total" in http.get("/metrics").text
        log = (elsewhere / f"serve-{http.base_url.port}.log").read_text()
        assert '"logger": "seguimiento.request"' in log, log
        docs = http.get("/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()
        assert "/api/v1/agreements" in http.get("/openapi.json").json()["paths"]
        me = {"Authorization": f"Bearer {token.stdout.strip().splitlines()[-1]}"}
        workflows = http.get("/api/v1/workflows", headers=me)
        assert workflows.status_code == 200 and len(workflows.json()) == 4


def test_the_installed_package_says_its_version_and_carries_its_licence(
    installed: Path, tmp_path: Path
) -> None:
    done = subprocess.run(
        [str(installed / "seguimiento"), "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "seguimiento 0.1.0"
    licence = subprocess.run(
        [
            str(installed / "python"),
            "-c",
            "from importlib.metadata import metadata; m = metadata('seguimiento');"
            "print(m['License-Expression']); print(m.get_all('License-File'))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert licence == ["AGPL-3.0-or-later", "['LICENSE']"]
