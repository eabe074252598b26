"""Uploads and imports against a real `seguimiento serve` on SQLite (issue 8, items 6 and 8).

An over-size body is refused with 413 before the server reads it (declared by Content-Length)
or as soon as it passes the limit (chunked), without filling the temp dir or the memory; and
60 writers posting while a large file is imported get no 500, while the file applies whole.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func
from sqlalchemy import select as sql_select

from tests.e2e.processes import clean_env, run, serving
from tests.workflow.transfer_files import csv_bytes
from workflow.models import Agreement, Transition

pytestmark = pytest.mark.e2e

MB = 1024 * 1024


def installed(tmp_path: Path, **settings: str) -> tuple[dict[str, str], str]:
    """An initialised SQLite installation and an administrator's token."""
    env = clean_env(f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path, **settings)
    done = run(env, tmp_path, "init")
    assert done.returncode == 0, done.stderr
    added = run(
        env, tmp_path, "users", "add", "--email", "a@e.mx", "--name", "A", "--role", "admin"
    )
    assert added.returncode == 0, added.stderr
    return env, added.stdout.strip().splitlines()[-1]


def seeded(http: httpx.Client, auth: dict[str, str], agreements: int) -> list[int]:
    """The organ, the areas and a few agreements, imported; the agreements' ids."""
    files = {
        "organs": [["clave", "nombre"], ["CPVOE", "Comisión Permanente"]],
        "areas": [["clave", "nombre"], ["UTVOE", "Voto"], ["DEOEYG", "Organización"]],
        "agreements": import_rows(agreements, meeting=1),
    }
    for kind, rows in files.items():
        done = http.post(
            f"/api/v1/{kind}/import",
            files={"file": (f"{kind}.csv", csv_bytes(rows), "text/csv")},
            headers=auth,
        )
        assert done.status_code == 200, done.text
    listed = http.get("/api/v1/agreements", headers=auth).json()["items"]
    return [a["id"] for a in listed]


def import_rows(count: int, meeting: int) -> list[list[str]]:
    header = ["clave", "sesión", "fecha de sesión", "acuerdo", "áreas", "plazo", "estado"]
    key = f"CPVOE/{meeting}SO/2024"
    rows = [
        [
            f"{key}/{i + 1:05d}",
            key,
            "15/07/2024",
            f"Acuerdo importado número {i + 1}",
            "UTVOE; DEOEYG",
            "30/09/2024",
            "En proceso" if i % 5 == 0 else "Aprobado",
        ]
        for i in range(count)
    ]
    return [header, *rows]


def serve_process(port: int) -> int:
    """The pid of the `serve` child of this test listening on `port`."""
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"serve" in cmdline and str(port).encode() in cmdline:
                return int(pid)
    raise AssertionError("no serve process")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[tuple[httpx.Client, str, Path]]:
    spool = tmp_path / "spool"
    spool.mkdir()
    env, token = installed(
        tmp_path,
        SEGUIMIENTO_MAX_UPLOAD_MB="1",
        SEGUIMIENTO_IMPORT_MAX_MB="2",
        TMPDIR=str(spool),
    )
    with serving(env, tmp_path) as http:
        seeded(http, {"Authorization": f"Bearer {token}"}, 1)
        yield http, token, spool


FILE_PART = (
    b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="grande.pdf"\r\n'
    b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
)
"""The start of a multipart form whose file then never ends."""


def raw_post(
    http: httpx.Client, path: str, headers: dict[str, str], body_mb: int, chunked: bool
) -> tuple[bytes, int, float]:
    """Send a body of `body_mb` MB (or as much as the server takes before it answers); return
    the answer's head and body, how many bytes were sent, and how long the answer took."""
    url = httpx.URL(str(http.base_url))
    head = [f"POST {path} HTTP/1.1", f"Host: {url.host}:{url.port}"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {body_mb * MB}")
    chunk = b"x" * (64 * 1024)
    framed = b"%x\r\n" % len(chunk) + chunk + b"\r\n" if chunked else chunk
    sent = len(FILE_PART)
    answer = b""
    start = time.monotonic()
    with socket.create_connection((url.host, url.port), timeout=30) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sock.sendall(b"%x\r\n" % sent + FILE_PART + b"\r\n" if chunked else FILE_PART)
        while sent < body_mb * MB:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            try:
                sock.sendall(framed)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        sock.settimeout(10)
        try:
            while b"\r\n\r\n" not in answer or len(answer) < answer.index(b"\r\n\r\n") + 60:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        except (TimeoutError, ConnectionResetError):
            pass
    return answer, sent, time.monotonic() - start


def test_oversize_bodies_get_413_before_they_are_read(
    limited: tuple[httpx.Client, str, Path],
) -> None:
    http, token, spool = limited
    pid = serve_process(httpx.URL(str(http.base_url)).port or 0)
    before = rss_mb(pid)
    auth = {"Authorization": f"Bearer {token}"}
    form = {"Content-Type": "multipart/form-data; boundary=xyz", **auth}

    answer, sent, seconds = raw_post(http, "/api/v1/agreements/import", form, 500, False)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"El archivo pasa de 2 MB" in answer
    assert seconds < 3 and sent < 100 * MB

    answer, sent, seconds = raw_post(http, "/api/v1/agreements/1/updates", form, 60, True)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"pasa de 1 MB" in answer
    assert sent < 20 * MB and seconds < 10

    answer, sent, seconds = raw_post(http, "/api/v1/agreements/import", form, 60, True)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 20 * MB and seconds < 10

    page = {"Content-Type": "application/x-www-form-urlencoded"}
    answer, _, seconds = raw_post(http, "/acuerdos/1/avances", page, 500, False)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"text/html" in answer.split(b"\r\n\r\n")[0]
    assert seconds < 3

    assert list(spool.iterdir()) == []
    assert rss_mb(pid) - before < 40
    small = http.post(
        "/api/v1/agreements/1/updates",
        files={"file": ("a.pdf", b"%PDF-1.4\n" + b"0" * 1000, "application/pdf")},
        data={"note": "Cabe"},
        headers=auth,
    )
    assert small.status_code == 201, small.text


ROWS = 3000
"""Enough to hold the write lock for seconds; `python -m bench import_rows --writers 60`
runs 10^5."""
WRITERS = 60


def test_sixty_writers_during_a_large_import_get_no_500_and_the_file_applies_whole(
    tmp_path: Path,
) -> None:
    env, token = installed(tmp_path)
    auth = {"Authorization": f"Bearer {token}"}
    data = csv_bytes(import_rows(ROWS, meeting=20))
    url = env["SEGUIMIENTO_DATABASE_URL"]
    with serving(env, tmp_path) as http:
        ids = seeded(http, auth, 10)
        result: dict[str, httpx.Response] = {}

        def importing() -> None:
            with httpx.Client(base_url=http.base_url, timeout=300) as client:
                result["import"] = client.post(
                    "/api/v1/agreements/import",
                    files={"file": ("grande.csv", data, "text/csv")},
                    headers=auth,
                )

        def writing(n: int) -> int:
            with httpx.Client(base_url=http.base_url, timeout=120) as client:
                done = client.post(
                    f"/api/v1/agreements/{ids[n % len(ids)]}/updates",
                    json={"note": f"Avance {n} durante la importación"},
                    headers=auth,
                )
                return done.status_code

        started = time.monotonic()
        importer = threading.Thread(target=importing)
        importer.start()
        time.sleep(1.0)  # the file is being read and validated, then applied
        with ThreadPoolExecutor(WRITERS) as pool:
            statuses = list(pool.map(writing, range(WRITERS)))
        importer.join(timeout=300)
        elapsed = time.monotonic() - started

    answer = result["import"]
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == ROWS
    assert 500 not in statuses and set(statuses) <= {201, 503}, statuses
    assert statuses.count(201) > 0
    engine = create_engine(url)
    with engine.connect() as conn:
        imported = conn.scalar(
            sql_select(func.count())
            .select_from(Agreement)
            .where(Agreement.key.like("CPVOE/20SO/2024/%"))
        )
        started_rows = conn.scalar(
            sql_select(func.count()).select_from(Transition).where(Transition.event == "start")
        )
    engine.dispose()
    assert imported == ROWS
    assert (started_rows or 0) >= ROWS // 5
    assert elapsed < 120
