"""The whole app with a clock the test moves by hand, and the page cookie read and forged the
way an attacker holding the key would (itsdangerous, as Starlette signs it)."""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from api.app import create_app
from api.context import AppContext
from api.deps import get_clock
from api.pages.auth import COOKIE
from workflow.runtime.clock import Clock

BASE = "http://seguimiento.test"


class Hands:
    """The app's clock: `now` moves only when the test says so."""

    def __init__(self, tz: Any) -> None:
        self.tz = tz
        self.now = datetime(2024, 5, 24, 9, 0, tzinfo=UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def clock(self) -> Clock:
        return Clock(tz=self.tz, fixed=self.now)


def timed_app(app_context: AppContext) -> tuple[FastAPI, Hands]:
    app = create_app(context=app_context)
    hands = Hands(app_context.settings.tz)
    app.dependency_overrides[get_clock] = hands.clock
    return app, hands


@contextmanager
def browser(app: FastAPI) -> Iterator[TestClient]:
    """One browser: its own cookie jar."""
    with TestClient(app, base_url=BASE) as client:
        yield client


def forge(secret: str, payload: dict[str, Any]) -> str:
    """A session cookie value as Starlette's SessionMiddleware signs it."""
    data = b64encode(json.dumps(payload).encode())
    return TimestampSigner(secret).sign(data).decode()


def read_cookie(secret: str, value: str) -> dict[str, Any]:
    data = TimestampSigner(secret).unsign(value.encode())
    payload: dict[str, Any] = json.loads(b64decode(data))
    return payload


def with_cookie(client: TestClient, value: str) -> None:
    client.cookies.set(COOKIE, value, domain="seguimiento.test")
