"""Schemathesis against the app's own /openapi.json: no input may make the API answer 5xx.

Not part of `make test` (the file name does not match `test_*.py`); run it with `make fuzz`
(`FUZZ_EXAMPLES=200 make fuzz` for a longer run). The app runs in-process over ASGI on a fresh
SQLite database loaded with the demo data, as the secretariat (so mutating routes get past
the role check and their bodies are really exercised).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from api.app import create_app
from api.commands.core import CLI_ACTOR
from workflow import demo, directory
from workflow.db import make_engine, session_factory, unit_of_work
from workflow.migrate import upgrade
from workflow.settings import Settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


def _build() -> tuple[object, str]:
    workdir = Path(tempfile.mkdtemp(prefix="seguimiento-fuzz-"))
    url = f"sqlite:///{workdir / 'fuzz.db'}"
    upgrade(url)
    app_settings = Settings(
        database_url=url,
        files_dir=workdir / "archivos",
        _env_file=None,  # type: ignore[call-arg]
    )
    engine = make_engine(url)
    with unit_of_work(session_factory(engine, write=True)) as session:
        demo.load(session=session, tz=app_settings.tz)
        _, token = directory.create_user(
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
