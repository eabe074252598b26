"""Keeps the calendar feed's secret, and an invitation link's, out of the access log.

`/calendario/{secret}.ics` carries its credential in the path (calendar clients send no
header), and uvicorn's access log prints every path: a log reader could subscribe to anyone's
calendar. This filter masks the secret in each access line before any handler writes it.
"""

from __future__ import annotations

import logging
import re

FEED_PATH = re.compile(r"(/(?:calendario|invitacion)/)[^/\s\"?#]+")
MASK = r"\1***"


def mask(text: str) -> str:
    return FEED_PATH.sub(MASK, text)


class HideFeedSecrets(logging.Filter):
    """Rewrites the message and its arguments (uvicorn passes the path as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(a) if isinstance(a, str) else a for a in record.args)
        return True


LOGGERS = ("uvicorn.access", "seguimiento.api")
"""uvicorn's access lines, and the app's own line for an unexpected error (it names the path)."""


def install() -> None:
    """Put the filter on the loggers that print paths (kept when uvicorn configures logging)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideFeedSecrets) for f in logger.filters):
            logger.addFilter(HideFeedSecrets())
