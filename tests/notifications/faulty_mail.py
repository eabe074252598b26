"""SMTP servers that misbehave the way real ones do: refusing some recipients (for now or for
good), or taking their time over each message. Real aiosmtpd servers on a loopback port."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session

from tests.e2e.running import free_port
from tests.mailserver import Mailbox


@dataclass
class FaultyMailbox(Mailbox):
    refuse: dict[str, str] = field(default_factory=dict)
    """Recipient address → the reply to its RCPT (e.g. «550 5.1.1 Buzón inexistente»)."""
    delay: float = 0.0
    """Seconds the server waits before answering each DATA."""
    sending: threading.Event = field(default_factory=threading.Event)
    """Set when the first DATA begins (a sender is mid-send)."""

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.sending.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def faulty_smtp_server(port: int | None = None, delay: float = 0.0) -> Iterator[FaultyMailbox]:
    box = FaultyMailbox(port=port or free_port(), delay=delay)
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
