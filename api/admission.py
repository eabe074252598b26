"""At most as many requests use the database at once as the pool has connections; the others
wait on the event loop, holding neither a worker thread nor a connection.

Why: a sync route's session is opened in one worker thread, used in another, and committed in a
third. Between those hops it holds its connection (and, on SQLite, a writer holds the write
lock) while waiting for a free thread. Without a bound, forty requests waiting for a connection
(or for SQLite's lock) take all forty threads, and the requests holding the connections can
never get the thread they need to finish: everything stops until the timeouts fire. Admitting
no more requests than the pool has connections, and fewer than there are threads, rules that
out. A request waits for admission at most `SEGUIMIENTO_DB_POOL_TIMEOUT`, then gets a 503.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import anyio.to_thread
from fastapi import Request

from api.busy import Overloaded

SPARE_THREADS = 8
"""Worker threads left for what admitted requests need besides their own (parsing, files)."""


class Ticket:
    """A request's admission, given back once: when its session is closed early (a report
    before its slow rendering), or at the end of the request."""

    def __init__(self, gate: Gate) -> None:
        self._gate: Gate | None = gate

    def release(self) -> None:
        if self._gate is not None:
            self._gate.semaphore.release()
            self._gate = None


class Gate:
    def __init__(self, size: int, wait_seconds: float) -> None:
        self.size = size
        self.wait_seconds = wait_seconds
        self.semaphore = anyio.Semaphore(size)

    async def enter(self) -> Ticket:
        threads = anyio.to_thread.current_default_thread_limiter()
        if threads.total_tokens < self.size + SPARE_THREADS:
            threads.total_tokens = self.size + SPARE_THREADS
        with anyio.move_on_after(self.wait_seconds):
            await self.semaphore.acquire()
            return Ticket(self)
        raise Overloaded(
            "El servidor atiende demasiadas solicitudes a la vez; no se guardó nada. "
            "Intente de nuevo en unos segundos."
        )


async def admitted(request: Request) -> AsyncIterator[Ticket]:
    """The request's admission, taken once however many dependencies ask for it."""
    gate: Gate = request.app.state.context.admission
    ticket = await gate.enter()
    try:
        yield ticket
    finally:
        ticket.release()
