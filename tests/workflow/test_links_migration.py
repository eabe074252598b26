"""Migration 0013_links: the table of links between items, its rules on both backends (one
target per row, each pair once, links gone with either side), and a downgrade and upgrade."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from tests.workflow.fresh import FreshDatabase, open_fresh
from workflow.runtime.migrate import alembic_config, upgrade

REVISION = "0013"


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FreshDatabase]:
    yield from open_fresh(request.param, tmp_path)


def ids(fresh: FreshDatabase) -> tuple[int, int, int]:
    """An acuerdo, a convenio and an activity of that convenio, committed."""
    with fresh.setup() as make:
        area = make.area()
        convenio = make.convenio([area])
        activity = make.activity(area, convenio=convenio)
        agreement = make.agreement([area])
        return agreement.id, convenio.id, activity.id


def insert(engine: Engine, agreement: int, convenio: int | None, activity: int | None) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agreement_links (agreement_id, convenio_id, activity_id, created_at)"
                " VALUES (:a, :c, :t, CURRENT_TIMESTAMP)"
            ),
            {"a": agreement, "c": convenio, "t": activity},
        )


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM agreement_links")).scalar_one())


def test_the_table_keeps_its_rules_on_both_backends(fresh: FreshDatabase) -> None:
    engine = fresh.engine
    agreement, convenio, activity = ids(fresh)
    insert(engine, agreement, convenio, None)
    insert(engine, agreement, None, activity)
    for refused in ((convenio, None), (None, activity), (None, None), (convenio, activity)):
        with pytest.raises(IntegrityError):
            insert(engine, agreement, *refused)
    assert count(engine) == 2
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM agreement_links WHERE convenio_id IS NOT NULL"))
        conn.execute(text("DELETE FROM activities WHERE id = :id"), {"id": activity})
    assert count(engine) == 0, "deleting the activity deleted its link"


def test_a_downgrade_drops_the_table_and_an_upgrade_makes_it_again(fresh: FreshDatabase) -> None:
    engine = fresh.engine
    agreement, convenio, _ = ids(fresh)
    insert(engine, agreement, convenio, None)
    config = alembic_config(fresh.url)
    previous = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
    assert previous == "0012"
    command.downgrade(config, previous)
    assert "agreement_links" not in inspect(engine).get_table_names()
    upgrade(fresh.url)
    assert count(engine) == 0
    insert(engine, agreement, convenio, None)
    assert count(engine) == 1
