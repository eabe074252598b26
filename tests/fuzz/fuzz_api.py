"""Schemathesis against the app's own /openapi.json: no input may make the API answer 5xx,
nor a status or media type its contract does not declare.

Not part of `make test` (the file name does not match `test_*.py`); run it with `make fuzz`
(`FUZZ_EXAMPLES=300 make fuzz` for a longer run). The app runs in-process over ASGI on a fresh
database loaded with the demo data, as the secretariat (so mutating routes get past the role
check and their bodies are really exercised). `FUZZ_DB=sqlite` (the default) or
`FUZZ_DB=postgresql` chooses the database; `make fuzz` runs both, since NUL bytes and strings
longer than their column only fail on PostgreSQL.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from api.app import create_app
from api.commands.core import CLI_ACTOR
from tests.databases import postgres_database, sqlite_database
from workflow import demo
from workflow.directory import catalogue
from workflow.runtime.db import make_engine, session_factory, unit_of_work
from workflow.runtime.settings import Settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
DATABASE = os.environ.get("FUZZ_DB", "sqlite")
_databases = ExitStack()
atexit.register(_databases.close)  # the PostgreSQL database is dropped when the run ends


def _database(workdir: Path) -> str:
    if DATABASE == "postgresql":
        return _databases.enter_context(postgres_database("fuzz"))
    if DATABASE != "sqlite":
        raise RuntimeError(f"FUZZ_DB debe ser sqlite o postgresql, no «{DATABASE}».")
    return _databases.enter_context(sqlite_database(workdir))


def _build() -> tuple[object, str]:
    workdir = Path(tempfile.mkdtemp(prefix="seguimiento-fuzz-"))
    url = _database(workdir)
    app_settings = Settings(
        database_url=url,
        files_dir=workdir / "archivos",
        _env_file=None,  # type: ignore[call-arg]
    )
    engine = make_engine(url)
    with unit_of_work(session_factory(engine, write=True)) as session:
        demo.load(session=session, tz=app_settings.tz)
        _, token = catalogue.create_user(
            session=session,
            actor=CLI_ACTOR,
            email="fuzz@ejemplo.mx",
            name="Fuzz",
            role="secretariat",
        )
    engine.dispose()
    return create_app(app_settings), token


APP, TOKEN = _build()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_input_makes_the_api_fail(case: schemathesis.Case) -> None:
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}\n"
        f"{case.as_curl_command()}\n{response.text[:2000]}"
    )
    if response.status_code >= 400 and "json" in response.headers.get("content-type", [""])[0]:
        body = response.json()
        assert {"detail", "code"} <= set(body), body
    # The contract (`api.contract`) declares every status and media type a route answers.
    case.validate_response(response, checks=[status_code_conformance, content_type_conformance])
