"""One log line and one metric sample per request, with an id the answer carries back.

A plain ASGI middleware (no buffering of bodies): it names the request (`X-Request-ID`, taken
from the reverse proxy when it sends a sane one), times it, and after the answer writes
`{"message": "petición", "request_id", "user_id", "method", "route", "status", "duration_ms"}`.
`route` is the route's template (`/api/v1/agreements/{item_id}`), never the path itself, so a
secret in a path (the calendar feed, an invitation) never reaches the log or the metrics, and
the metrics keep one series per route.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workflow.runtime import logs, metrics

log = logging.getLogger("seguimiento.request")

HEADER = b"x-request-id"
SANE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
UNMATCHED = "(sin ruta)"


def request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == HEADER:
            text = value.decode("latin-1")
            if SANE_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


def route_of(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid
        token = logs.REQUEST_ID.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (HEADER, rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, rid, status, time.perf_counter() - started)
            logs.REQUEST_ID.reset(token)

    @staticmethod
    def _record(scope: Scope, rid: str, status: int, seconds: float) -> None:
        method, route = scope["method"], route_of(scope)
        metrics.REQUESTS.labels(method, route, str(status)).inc()
        metrics.REQUEST_SECONDS.labels(method, route).observe(seconds)
        state: dict[str, Any] = scope.get("state", {})
        log.info(
            "petición",
            extra={
                "request_id": rid,
                "user_id": state.get("user_id"),
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
