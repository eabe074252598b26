"""The core commands as a new user runs them: real `seguimiento` processes and real HTTP.

`init` twice, `demo` once (a second one refuses and changes nothing), `users add` printing the
token last, and the README's tour against `seguimiento serve`; on SQLite and on a fresh
PostgreSQL database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from tests.e2e.processes import clean_env, empty_postgres_database, run, serving
from workflow.models import Agreement, Convenio, DomainEvent, Meeting, Organ, Transition, User
from workflow.runtime.db import normalise_url

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'seguimiento.db'}"
    else:
        with empty_postgres_database() as url:
            yield url


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """An initialised, empty SQLite installation shared by the bad-input tests."""
    cwd = tmp_path_factory.mktemp("cli")
    env = clean_env(f"sqlite:///{cwd / 'seguimiento.db'}", cwd)
    done = run(env, cwd, "init")
    assert done.returncode == 0, done.stderr
    return env, cwd


def counts(url: str) -> dict[str, int]:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return {
                m.__tablename__: conn.scalar(select(func.count()).select_from(m)) or 0
                for m in (Organ, User, Meeting, Agreement, Convenio, Transition, DomainEvent)
            }
    finally:
        engine.dispose()


def add_user(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = run(env, cwd, "users", "add", *args)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("Persona creada:")
    return lines[-1]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_new_user_installs_loads_the_demo_and_follows_the_readme_tour(
    database_url: str, tmp_path: Path
) -> None:
    env = clean_env(database_url, tmp_path)

    for _ in range(2):
        done = run(env, tmp_path, "init")
        assert done.returncode == 0, done.stderr
        assert "Base de datos lista" in done.stdout

    loaded = run(env, tmp_path, "demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "ilustrativos" in loaded.stdout
    after_demo = counts(database_url)
    assert after_demo["organs"] >= 1 and after_demo["agreements"] > 0

    again = run(env, tmp_path, "demo")
    assert again.returncode == 0, again.stderr
    assert "ya tiene datos" in again.stdout
    assert counts(database_url) == after_demo

    token = add_user(
        env, tmp_path, "--email", "sec@ejemplo.mx", "--name", "Sec", "--role", "secretariat"
    )
    assert token.startswith("sgt_")
    other_head = add_user(
        env,
        tmp_path,
        "--email",
        "jefa@ejemplo.mx",
        "--name",
        "Jefa",
        "--role",
        "area",
        "--area",
        "DEOEYG",
    )

    with serving(env, tmp_path) as http:
        readme_tour(http, bearer(token), bearer(other_head))
        signed_in = http.post(
            "/api/v1/auth/token",
            data={"username": "secretaria@demo.seguimiento.mx", "password": "demo1234"},
        )
        assert signed_in.status_code == 200, signed_in.text
        me = bearer(signed_in.json()["access_token"])
        assert http.get("/api/v1/agreements", headers=me).json()["total"] > 0
        assert http.get("/readyz").status_code == 200
        assert http.get("/docs").status_code == 200


def readme_tour(http: httpx.Client, h: dict[str, str], other_head: dict[str, str]) -> None:
    meeting = http.post(
        "/api/v1/meetings",
        json={
            "organ": "CPVOE",
            "kind": "ordinaria",
            "number": 6,
            "year": 2024,
            "date": "2024-06-28",
            "time": "11:00",
            "modality": "virtual",
            "agenda": ["Orden del día"],
        },
        headers=h,
    )
    assert meeting.status_code == 201, meeting.text
    assert meeting.json()["key"] == "CPVOE/6SO/2024"

    def new_agreement(title: str) -> dict[str, object]:
        r = http.post(
            "/api/v1/agreements",
            json={
                "meeting": meeting.json()["id"],
                "title": title,
                "areas": ["UTVOE"],
                "deadline_business_days": 10,
            },
            headers=h,
        )
        assert r.status_code == 201, r.text
        body: dict[str, object] = r.json()
        return body

    first = new_agreement("Presentar informe")
    url = f"/api/v1/agreements/{first['id']}"
    assert first["key"] == "CPVOE/6SO/2024/01" and first["deadline"] is not None
    for body in (
        {"event": "start"},
        {"event": "report_fulfillment", "note": "Se presentó el informe"},
        {"event": "confirm"},
    ):
        r = http.post(url + "/events", json=body, headers=h)
        assert r.status_code == 200, r.text
    detail = http.get(url, headers=h)
    assert detail.json()["state"] == "fulfilled"
    assert detail.headers["ETag"] == '"4"'
    assert [(t["event"], t["to"]) for t in detail.json()["transitions"]] == [
        ("start", "in_progress"),
        ("report_fulfillment", "under_review"),
        ("confirm", "fulfilled"),
    ]

    second = new_agreement("Otro informe")
    url2 = f"/api/v1/agreements/{second['id']}"
    refused = http.post(url2 + "/events", json={"event": "confirm"}, headers=h)
    assert refused.status_code == 409
    assert refused.json()["state"] == "approved"
    assert refused.json()["allowed_events"] == [
        "start",
        "report_fulfillment",
        "reschedule",
        "cancel",
    ]

    before = http.get(url2, headers=h).json()
    forbidden = http.post(url2 + "/events", json={"event": "start"}, headers=other_head)
    assert forbidden.status_code == 403, forbidden.text
    assert forbidden.json()["code"] == "forbidden"
    after = http.get(url2, headers=h).json()
    assert (after["state"], after["version"], after["transitions"]) == (
        before["state"],
        before["version"],
        before["transitions"],
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--role", "jefe"], "Rol «jefe» desconocido"),
        (["--role", "area", "--area", "NOEXISTE"], "No existe el área NOEXISTE"),
        (["--role", "area"], "necesita un área"),
    ],
    ids=["unknown-role", "unknown-area", "area-without-area"],
)
def test_bad_cli_input_exits_non_zero_with_a_readable_line(
    initialised: tuple[dict[str, str], Path], args: list[str], words: str
) -> None:
    env, cwd = initialised
    done = run(env, cwd, "users", "add", "--email", "x@ejemplo.mx", "--name", "X", *args)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1].startswith("Error: ")
    assert words in done.stderr
    assert "Traceback" not in done.stderr
    assert counts(env["SEGUIMIENTO_DATABASE_URL"])["users"] == 0
