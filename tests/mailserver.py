"""A real SMTP server for tests (aiosmtpd on a free loopback port), and a real HTTP receiver
standing in for a Teams Workflows webhook. Both record what arrives."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from tests.e2e.running import free_port


@dataclass
class Mailbox:
    """What the SMTP server received; `hold` makes it stop answering DATA until released."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    reply: str = "250 OK"
    hold_after: int | None = None
    """After this many messages, the next DATA waits for `release` (a sender caught mid-send)."""
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    greetings: int = 0
    """EHLOs received: one per SMTP connection a sender opened."""

    async def handle_EHLO(
        self, server: Any, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        with self.lock:
            self.greetings += 1
        return responses

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
            self.recipients.append(list(envelope.rcpt_tos))
            count = len(self.messages)
        if self.hold_after is not None and count > self.hold_after:
            self.held.set()
            while not self.release.wait(0.05):
                pass
        return self.reply

    def delivery_ids(self) -> list[int]:
        with self.lock:
            return [int(m["X-Seguimiento-Delivery"]) for m in self.messages]


def _authenticator(credentials: dict[str, str]) -> Any:
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and credentials.get(data.login.decode()) == data.password.decode()
        )
        return AuthResult(success=ok, handled=False)

    return check


@contextmanager
def smtp_server(port: int | None = None, login: dict[str, str] | None = None) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1 (`login`: accepted user → password, AUTH without TLS)."""
    box = Mailbox(port=port or free_port())
    kwargs: dict[str, Any] = {}
    if login is not None:
        kwargs = {"authenticator": _authenticator(login), "auth_require_tls": False}
    controller = Controller(box, hostname="127.0.0.1", port=box.port, **kwargs)
    controller.start()
    try:
        yield box
    finally:
        box.release.set()
        controller.stop()


@dataclass
class TeamsReceiver:
    """Answers each POST with the next scripted (status, headers), 200 when the script is over."""

    url: str
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)


@contextmanager
def teams_receiver() -> Iterator[TeamsReceiver]:
    port = free_port()
    receiver = TeamsReceiver(url=f"http://127.0.0.1:{port}/workflows/webhook?sig=secreto")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.received.append(json.loads(body))
            status, headers = receiver.script.pop(0) if receiver.script else (202, {})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
