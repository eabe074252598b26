"""Delivery of 10^4 e-mails to a local SMTP sink by `seguimiento dispatch --worker` processes,
against a plain smtplib loop sending the same messages over one connection in this process.

The sink is aiosmtpd's `Sink` handler in a process of its own. Each run queues the messages in
one statement while the workers already wait (so their start-up is not timed) and stops the
clock when the last row is `sent`. Printed: seconds and messages/s of each run, one worker
against the baseline (goal ≤ 1.1×) and two workers against one (goal ≤ 0.6×).

    python -m bench dispatch [--messages 10000] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from notifications.channels import Outgoing, email
from states.delivery import DeliveryStatus
from workflow.models import Delivery
from workflow.runtime.db import make_engine
from workflow.runtime.migrate import upgrade
from workflow.runtime.settings import Settings

SEGUIMIENTO = str(Path(sys.executable).with_name("seguimiento"))
BODY = "El acuerdo CPVOE/3SO/2024/00017 venció el 7 de junio de 2024 y sigue sin atenderse.\n" * 8


def queue_mail(url: str, count: int, *, start: int = 0) -> None:
    """`count` pending e-mails due now, in one statement."""
    now = datetime.now(UTC)
    rows = [
        {
            "key": f"bench:{start + i}",
            "channel": "email",
            "address": f"persona{start + i}@ejemplo.mx",
            "recipient_name": f"Persona {start + i}",
            "kind": "overdue",
            "subject": f"Acuerdo vencido {start + i}",
            "body_text": BODY,
            "status": DeliveryStatus.pending,
            "attempts": 0,
            "requeues": 0,
            "next_attempt_at": now,
        }
        for i in range(count)
    ]
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(Delivery), rows)
    finally:
        engine.dispose()


def sent_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            where = Delivery.status == DeliveryStatus.sent
            return int(conn.scalar(select(func.count()).where(where)) or 0)
    finally:
        engine.dispose()


@contextmanager
def sink() -> Iterator[int]:
    """aiosmtpd's Sink (takes every message, keeps none) in its own process; yields its port."""
    from tests.e2e.running import free_port

    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-c",
            "aiosmtpd.handlers.Sink",
            "-l",
            f"127.0.0.1:{port}",
        ]
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                smtplib.SMTP("127.0.0.1", port, timeout=2).quit()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def baseline(port: int, count: int) -> float:
    """Seconds for a plain smtplib loop over one connection, messages built as the worker does."""
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, _env_file=None)  # type: ignore[call-arg]
    messages = [
        email.build(
            Outgoing(
                id=i,
                channel="email",
                address=f"persona{i}@ejemplo.mx",
                recipient_name=f"Persona {i}",
                subject=f"Acuerdo vencido {i}",
                body_text=BODY,
                body_html=None,
                card=None,
                attempts=1,
            ),
            settings,
        )
        for i in range(count)
    ]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for message in messages:
            smtp.send_message(message)
    return time.perf_counter() - started


def workers(url: str, port: int, count: int, processes: int, concurrency: int) -> float:
    """Seconds from queueing `count` messages to the last one `sent`, with `processes` workers."""
    from tests.e2e.running import Running, environment, wait_for

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(delete(Delivery))
    engine.dispose()
    env = environment(
        url,
        smtp_host="127.0.0.1",
        smtp_port=port,
        dispatch_concurrency=concurrency,
        dispatch_poll_seconds=0.05,
        log_level="WARNING",
    )
    with tempfile.TemporaryDirectory() as tmp:
        running = [Running(env, Path(tmp), "dispatch", "--worker") for _ in range(processes)]
        try:
            for r in running:
                wait_for(lambda r=r: r.said("Despachador en marcha"), "worker listo", 60)  # type: ignore[misc]
            queue_mail(url, count)
            started = time.perf_counter()
            while sent_count(url) < count:
                time.sleep(0.05)
            took = time.perf_counter() - started
        finally:
            for r in running:
                if r.proc.poll() is None:
                    r.proc.send_signal(signal.SIGTERM)
                r.stop()
    return took


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "postgresql":
        from tests.databases import postgres_database

        with postgres_database("bench") as url:
            yield url
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        yield url


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench dispatch")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--concurrency", type=int, default=1, help="lanes per worker")
    args = parser.parse_args(argv)
    n = args.messages
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    with sink() as port:
        base = baseline(port, n)
        print(f"smtplib loop, one connection: {base:.2f} s ({n / base:,.0f} msg/s)")
        for backend in backends:
            with database(backend) as url:
                one = workers(url, port, n, 1, args.concurrency)
                two = workers(url, port, n, 2, args.concurrency)
            print(
                f"{backend}: 1 worker {one:.2f} s ({n / one:,.0f} msg/s), "
                f"2 workers {two:.2f} s ({n / two:,.0f} msg/s), "
                f"lanes per worker {args.concurrency}"
            )
            print(
                f"{backend}: 1 worker / smtplib = {one / base:.2f}x (goal <= 1.1x); "
                f"2 workers / 1 worker = {two / one:.2f}x (goal <= 0.6x)"
            )
