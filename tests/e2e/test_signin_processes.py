"""Sign-in throttling holds across API processes: two real `serve` on one PostgreSQL database,
concurrent wrong passwords for one account, and no more failures get through than the limit."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.databases import postgres_database
from tests.e2e.processes import clean_env, serving

pytestmark = pytest.mark.e2e

LIMIT = 5


def test_concurrent_wrong_passwords_on_two_processes_stop_at_the_limit(tmp_path: Path) -> None:
    with postgres_database() as url, ExitStack() as stack:
        env = clean_env(url, tmp_path, SEGUIMIENTO_SIGNIN_MAX_FAILURES_PER_ACCOUNT=str(LIMIT))
        servers = [stack.enter_context(serving(env, tmp_path)) for _ in range(2)]

        def attempt(i: int) -> int:
            r = servers[i % 2].post(
                "/api/v1/auth/token", data={"username": "nadie@prueba.mx", "password": "mala"}
            )
            return r.status_code

        with ThreadPoolExecutor(max_workers=12) as pool:
            answers = Counter(pool.map(attempt, range(3 * LIMIT)))
    assert answers == {401: LIMIT, 429: 2 * LIMIT}, answers
