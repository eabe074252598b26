"""A real `serve`: fetching the calendar feed does not write its secret to the log."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.processes import clean_env, run, serving

pytestmark = pytest.mark.e2e


def test_the_access_log_masks_the_feed_secret(tmp_path: Path) -> None:
    env = clean_env(f"sqlite:///{tmp_path / 'seguimiento.db'}", tmp_path)
    assert run(env, tmp_path, "init").returncode == 0
    added = run(
        env,
        tmp_path,
        "users",
        "add",
        "--email",
        "ana@prueba.mx",
        "--name",
        "Ana",
        "--role",
        "member",
    )
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    with serving(env, tmp_path) as client:
        created = client.post(
            "/api/v1/me/calendar-feed", headers={"Authorization": f"Bearer {token}"}
        )
        assert created.status_code == 201, created.text
        path = "/calendario/" + created.json()["url"].rsplit("/calendario/", 1)[1]
        secret = path.removeprefix("/calendario/").removesuffix(".ics")
        assert client.get(path).status_code == 200
        assert client.get(path + "?x=1").status_code == 200
        log = (tmp_path / f"serve-{client.base_url.port}.log").read_text()
    # one line per request names the route by its template, never the path with the secret
    assert '"route": "/calendario/{secret}.ics"' in log, log
    assert secret not in log
