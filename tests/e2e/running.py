"""Long-lived `seguimiento` processes for the scheduler and dispatcher tests: output captured
line by line, `kill -9`, and bounded waiting for what another process does. Also the one free
port and the one wait for a server to answer that every test starting a server uses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

SEGUIMIENTO = str(Path(sys.executable).with_name("seguimiento"))


def environment(database_url: str, **settings: object) -> dict[str, str]:
    """The parent's environment without its `SEGUIMIENTO_*`, plus these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEGUIMIENTO_")}
    env["SEGUIMIENTO_DATABASE_URL"] = database_url
    env.update({f"SEGUIMIENTO_{k.upper()}": str(v) for k, v in settings.items()})
    return env


def run(env: dict[str, str], cwd: Path, *args: str) -> str:
    """Run a command to its end; its output, or a failure that shows it."""
    done = subprocess.run(
        [SEGUIMIENTO, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


class Running:
    """A long-lived process whose output lines are collected as they come."""

    def __init__(self, env: dict[str, str], cwd: Path, *args: str) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [SEGUIMIENTO, *args],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def kill(self) -> None:
        """`kill -9`: no cleanup, no goodbye."""
        if self.proc.poll() is None:
            self.proc.kill()
        self._close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._close()

    def _close(self) -> None:
        self.proc.wait(timeout=10)
        self._reader.join(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Bounded polling for something another process does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"después de {timeout} s todavía no: {what}")
        time.sleep(0.1)


def free_port() -> int:
    """A loopback port nobody listens on now, for a server the test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_answering(
    base: str, process: subprocess.Popen[Any], log: Path, timeout: float = 90.0
) -> None:
    """Until `base`'s /healthz answers 200; a process that exits first fails with its log."""

    def answering() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            return httpx.get(base + "/healthz", timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    wait_for(answering, f"{base}/healthz responde", timeout)
