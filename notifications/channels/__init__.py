"""The channels a delivery leaves by, and what a send attempt tells the dispatcher.

The in-app inbox needs no sending: its rows are delivered when they are queued.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Outgoing:
    """A claimed delivery, detached from the session: sending happens outside transactions."""

    id: int
    channel: str
    address: str
    recipient_name: str
    subject: str
    body_text: str
    body_html: str | None
    card: dict[str, Any] | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    """`ok`; or an error that is `permanent`, or worth retrying (after `retry_after` s)."""

    ok: bool
    error: str | None = None
    permanent: bool = False
    retry_after: float | None = None


SENT = Outcome(ok=True)


def retry(error: str, after: float | None = None) -> Outcome:
    return Outcome(ok=False, error=error, retry_after=after)


def give_up(error: str) -> Outcome:
    return Outcome(ok=False, error=error, permanent=True)
