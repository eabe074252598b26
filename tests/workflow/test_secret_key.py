"""Where the example key may be used, and the key `init` writes (no process needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dotenv import dotenv_values

from workflow.directory import secret_key
from workflow.runtime.settings import DEFAULT_SECRET, Settings


def settings(key: str = DEFAULT_SECRET, base_url: str = "http://127.0.0.1:8000") -> Settings:
    return Settings(secret_key=key, base_url=base_url, _env_file=None)  # type: ignore[arg-type,call-arg]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"])
def test_the_example_key_may_serve_on_loopback_over_http(host: str) -> None:
    assert secret_key.refusal(settings(), listen_host=host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "seguimiento.local", ""])
def test_the_example_key_may_not_serve_where_others_reach_it(host: str) -> None:
    reason = secret_key.refusal(settings(), listen_host=host)
    assert reason is not None and "SEGUIMIENTO_SECRET_KEY" in reason


def test_the_example_key_may_not_serve_an_https_site_even_on_loopback() -> None:
    https = settings(base_url="https://seguimiento.ejemplo.gob.mx")
    assert secret_key.refusal(https, listen_host="127.0.0.1") is not None


@pytest.mark.parametrize(
    ("base_url", "allowed"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("https://localhost", False),
        ("http://seguimiento.ejemplo.gob.mx", False),
    ],
)
def test_the_scheduler_may_use_the_example_key_only_for_a_local_http_site(
    base_url: str, allowed: bool
) -> None:
    reason = secret_key.refusal(settings(base_url=base_url), listen_host=None)
    assert (reason is None) == allowed


def test_an_own_key_serves_anywhere() -> None:
    own = settings(key="una-clave-propia-y-larga", base_url="https://seguimiento.ejemplo.gob.mx")
    assert secret_key.refusal(own, listen_host="0.0.0.0") is None
    assert secret_key.refusal(settings(key="  "), listen_host="0.0.0.0") is not None


def test_a_key_in_the_environment_is_not_written_again(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    assert not secret_key.ensure_in_env_file(dotenv, {"SEGUIMIENTO_SECRET_KEY": "propia"})
    assert not dotenv.exists()


def test_a_new_env_file_gets_a_key_readable_only_by_its_owner(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    assert secret_key.ensure_in_env_file(dotenv, {})
    assert dotenv.stat().st_mode & 0o077 == 0
    assert not secret_key.ensure_in_env_file(dotenv, {})
    assert dotenv_values(dotenv)["SEGUIMIENTO_SECRET_KEY"] not in (None, "", DEFAULT_SECRET)
