"""The daily job also sweeps evidence files that no committed row names."""

from __future__ import annotations

import os
import time
from pathlib import Path

from api import scheduler
from api.context import AppContext
from tests.databases import sqlite_database
from workflow.runtime.settings import Settings


def test_the_daily_checks_remove_an_orphaned_evidence_file(tmp_path: Path) -> None:
    with sqlite_database(tmp_path) as url:
        files = tmp_path / "archivos"
        files.mkdir()
        orphan, fresh = files / "huérfano.pdf", files / "recién-subido.pdf"
        for path in (orphan, fresh):
            path.write_bytes(b"%PDF-1.4\n")
        two_hours_ago = time.time() - 7200
        os.utime(orphan, (two_hours_ago, two_hours_ago))
        ctx = AppContext.from_settings(
            Settings(database_url=url, files_dir=files, _env_file=None)  # type: ignore[call-arg]
        )
        scheduler.checks_daily(ctx)
        ctx.engine.dispose()
        assert [p.name for p in files.iterdir()] == ["recién-subido.pdf"]
