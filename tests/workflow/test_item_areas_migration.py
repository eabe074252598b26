"""Migration 0011 moves the area links of agreements and convenios into one table and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from tests.databases import postgres_database, sqlite_database
from workflow import demo
from workflow.runtime.db import normalise_url
from workflow.runtime.migrate import alembic_config, upgrade

LINKS = "SELECT item_kind, item_id, area_id, position FROM item_areas ORDER BY 1, 2, 3"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        with sqlite_database(tmp_path) as url:
            yield url
    else:
        with postgres_database("seg_areas") as url:
            yield url


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_area_links_survive_a_downgrade_and_an_upgrade(fresh_url: str) -> None:
    engine = create_engine(normalise_url(fresh_url))
    with Session(engine) as session:
        demo.load(session=session, tz=ZoneInfo("America/Mexico_City"))
        session.commit()
    engine.dispose()
    before = _rows(fresh_url, LINKS)
    assert {kind for kind, *_ in before} == {"agreement", "convenio"}

    config = alembic_config(fresh_url)
    previous = ScriptDirectory.from_config(config).get_revision("0011").down_revision
    command.downgrade(config, str(previous))
    agreements = _rows(fresh_url, "SELECT agreement_id, area_id FROM agreement_areas")
    convenios = _rows(fresh_url, "SELECT convenio_id, area_id FROM convenio_areas")
    assert len(agreements) + len(convenios) == len(before)
    assert set(agreements) == {(i, a) for kind, i, a, _ in before if kind == "agreement"}

    upgrade(fresh_url)
    assert _rows(fresh_url, LINKS) == before
