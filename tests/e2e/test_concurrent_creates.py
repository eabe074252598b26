"""Concurrent creates against a real `seguimiento serve`, on SQLite and on PostgreSQL: ten at
once in one meeting, of convenios, of activities, all answer 201 with consecutive keys; ten
copies of one area code, session number or e-mail at once give one 201 and nine 409; never a
500."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.e2e.processes import clean_env, empty_postgres_database, run, serving

pytestmark = pytest.mark.e2e

AT_ONCE = 10


@dataclass
class Server:
    http: httpx.Client
    headers: dict[str, str]

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return self.http.post(path, json=body, headers=self.headers)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """An initialised installation served by a real process, and an administrator's token."""
    cwd = tmp_path_factory.mktemp(request.param)
    sqlite = nullcontext(f"sqlite:///{cwd / 'seguimiento.db'}")
    with empty_postgres_database() if request.param == "postgresql" else sqlite as url:
        env = clean_env(url, cwd)
        done = run(env, cwd, "init")
        assert done.returncode == 0, done.stderr
        added = run(
            env, cwd, "users", "add", "--email", "admin@ejemplo.mx", "--name", "Admin",
            "--role", "admin",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        token = added.stdout.strip().splitlines()[-1]
        with serving(env, cwd) as http:
            yield Server(http, {"Authorization": f"Bearer {token}"})


def at_once(send: Callable[[int], httpx.Response]) -> list[httpx.Response]:
    """`AT_ONCE` requests released together (a barrier), each on its own thread."""
    barrier = threading.Barrier(AT_ONCE)

    def one(i: int) -> httpx.Response:
        barrier.wait(timeout=30)
        return send(i)

    with ThreadPoolExecutor(AT_ONCE) as pool:
        return list(pool.map(one, range(AT_ONCE)))


def created(server: Server, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = server.post(path, body)
    assert r.status_code == 201, r.text
    answer: dict[str, Any] = r.json()
    return answer


def assert_consecutive(answers: list[httpx.Response], prefix: str, first: int, width: int) -> None:
    assert [r.status_code for r in answers] == [201] * AT_ONCE, [r.text for r in answers]
    keys = sorted(r.json()["key"] for r in answers)
    assert keys == [f"{prefix}{n:0{width}d}" for n in range(first, first + AT_ONCE)]


def test_ten_agreements_created_at_once_in_one_meeting_get_consecutive_keys(
    server: Server,
) -> None:
    created(server, "/api/v1/organs", {"code": "CPVOE", "name": "Comisión"})
    created(server, "/api/v1/areas", {"code": "UTVOE", "name": "Unidad"})
    meeting = created(
        server,
        "/api/v1/meetings",
        {
            "organ": "CPVOE",
            "kind": "ordinaria",
            "number": 4,
            "year": 2024,
            "date": "2024-04-26",
            "modality": "virtual",
            "agenda": ["Orden del día"],
        },
    )

    def agreement(i: int) -> httpx.Response:
        body = {"meeting": meeting["id"], "title": f"Acuerdo {i}", "areas": ["UTVOE"]}
        return server.post("/api/v1/agreements", body)

    assert_consecutive(at_once(agreement), "CPVOE/4SO/2024/", 1, 2)


def test_ten_convenios_and_ten_of_their_activities_created_at_once_get_consecutive_keys(
    server: Server,
) -> None:
    created(server, "/api/v1/areas", {"code": "DEOEYG", "name": "Dirección"})
    first = created(
        server,
        "/api/v1/convenios",
        {"title": "Primero", "counterparts": ["UNAM"], "areas": ["DEOEYG"]},
    )
    prefix, number = first["key"].rsplit("/", 1)

    def convenio(i: int) -> httpx.Response:
        body = {"title": f"Convenio {i}", "counterparts": ["UNAM"], "areas": ["DEOEYG"]}
        return server.post("/api/v1/convenios", body)

    assert_consecutive(at_once(convenio), f"{prefix}/", int(number) + 1, 3)

    def activity(i: int) -> httpx.Response:
        body = {"title": f"Actividad {i}", "area": "DEOEYG", "convenio": first["id"]}
        return server.post("/api/v1/activities", body)

    assert_consecutive(at_once(activity), f"{first['key']}/A", 1, 2)


def only_one_created(answers: list[httpx.Response], words: str) -> dict[str, Any]:
    """One 201 and the rest 409 naming what exists; the one created."""
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201] + [409] * (AT_ONCE - 1), [r.text for r in answers]
    for refused in (r for r in answers if r.status_code == 409):
        assert refused.json()["code"] == "conflict"
        assert words in refused.json()["detail"], refused.json()
    one: dict[str, Any] = next(r.json() for r in answers if r.status_code == 201)
    return one


def test_one_area_code_sent_ten_times_at_once_is_created_once_and_refused_nine_times(
    server: Server,
) -> None:
    answers = at_once(lambda i: server.post("/api/v1/areas", {"code": "DUPL", "name": f"Área {i}"}))
    only_one_created(answers, "«DUPL»")
    listed = server.http.get("/api/v1/areas", headers=server.headers).json()
    assert [a["code"] for a in listed].count("DUPL") == 1


def test_one_session_number_or_email_sent_ten_times_at_once_is_created_once(
    server: Server,
) -> None:
    created(server, "/api/v1/organs", {"code": "CG", "name": "Consejo"})

    def meeting(_: int) -> httpx.Response:
        body = {
            "organ": "CG",
            "kind": "extraordinaria",
            "number": 9,
            "year": 2024,
            "date": "2024-09-02",
            "modality": "presencial",
            "agenda": ["Orden del día"],
        }
        return server.post("/api/v1/meetings", body)

    answers = at_once(meeting)
    one = only_one_created(answers, "número 9 de 2024 de CG")
    assert {r.json()["existing_id"] for r in answers if r.status_code == 409} == {one["id"]}

    def person(i: int) -> httpx.Response:
        body = {"email": "misma@ejemplo.mx", "name": f"Persona {i}", "role": "member"}
        return server.post("/api/v1/users", body)

    only_one_created(at_once(person), "misma@ejemplo.mx")
