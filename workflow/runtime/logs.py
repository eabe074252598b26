"""How every process writes its log: one JSON object per line (default) or plain text.

A line carries the request's id and the signed-in person's id when it is written while a request
is served (`bind`), so one request's lines can be found together in any log collector.
"""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar
from typing import Any, Literal

from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["json", "text"]

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
USER_ID: ContextVar[int | None] = ContextVar("user_id", default=None)

TEXT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


class RequestFields(logging.Filter):
    """Adds `request_id` and `user_id` of the request being served, when there is one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        if getattr(record, "user_id", None) is None:
            record.user_id = USER_ID.get()
        return True


class _Json(JsonFormatter):
    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        # Lines outside a request do not carry empty request fields.
        return {k: v for k, v in log_data.items() if v is not None}


def formatter(fmt: LogFormat) -> logging.Formatter:
    if fmt == "text":
        return logging.Formatter(TEXT)
    return _Json(JSON_FIELDS, rename_fields=RENAMED, json_ensure_ascii=False)


def configure(fmt: LogFormat = "json", level: str = "INFO") -> None:
    """Send the app's, uvicorn's and APScheduler's lines to stderr in one format.

    Replaces the root handler this function installed before (tests call it more than once)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_seguimiento", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._seguimiento = True  # type: ignore[attr-defined]
    handler.setFormatter(formatter(fmt))
    handler.addFilter(RequestFields())
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "seguimiento", "apscheduler"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    # APScheduler's per-job lines and Alembic's per-check lines (every /readyz) are noise here
    for quiet in ("apscheduler", "alembic"):
        logging.getLogger(quiet).setLevel(logging.WARNING)


def bind_user(user_id: int | None) -> None:
    """Remember who is being served, for the lines this request writes from here on."""
    USER_ID.set(user_id)
