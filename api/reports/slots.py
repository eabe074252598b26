"""How a server process makes PDFs: a few at a time, in worker processes, each document once."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import partial

import anyio
import anyio.to_process

from api.busy import Overloaded
from api.reports import pdf

KEPT_PDFS = 8
"""Recently laid-out PDFs kept in memory, by their document (tens of KB each)."""


class RenderSlots:
    """PDFs for a server process: at most `size` laid out at once, each document once.

    Layout takes seconds of CPU. It runs in worker processes (started on first use, reused, and
    stopped after minutes idle): in a thread it would hold the GIL in long stretches, and the
    event loop (and `/healthz`) would stall for most of a second at a time. Those beyond `size`
    wait here without a thread, a process or a database connection, and give up with a 503
    after `wait_seconds`. A session's report is typically opened by the whole commission at the
    same time: requests for the same document (same data, same day) share one layout, and the
    last few results are kept.
    """

    def __init__(self, size: int, wait_seconds: float) -> None:
        self.size = size
        self.wait_seconds = wait_seconds
        self._limiter = anyio.CapacityLimiter(size)
        self._processes = anyio.CapacityLimiter(size)
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._under_way: dict[str, anyio.Event] = {}

    async def to_pdf(self, document: str, *, variant: str | None = None) -> bytes:
        key = hashlib.sha256(f"{variant}\n{document}".encode()).hexdigest()
        turn: bytes | anyio.Event | None = None
        with anyio.move_on_after(self.wait_seconds):
            turn = await self._turn(key)
        if turn is None:
            raise Overloaded(
                "Se están preparando muchos informes en PDF a la vez; intente de nuevo en unos "
                "momentos."
            )
        if isinstance(turn, bytes):
            return turn
        try:
            content = await anyio.to_process.run_sync(
                partial(pdf.to_pdf, document, variant=variant), limiter=self._processes
            )
            self._kept[key] = content
            while len(self._kept) > KEPT_PDFS:
                self._kept.popitem(last=False)
            return content
        finally:
            self._limiter.release()
            del self._under_way[key]
            turn.set()

    async def _turn(self, key: str) -> bytes | anyio.Event:
        """The PDF laid out already (by an earlier or a concurrent request), or a render slot
        for this request: the event its waiters wake on when the layout ends."""
        while (under_way := self._under_way.get(key)) is not None:
            await under_way.wait()  # then kept; or it failed, and this request tries itself
        if (kept := self._kept.get(key)) is not None:
            self._kept.move_to_end(key)
            return kept
        done = self._under_way[key] = anyio.Event()
        try:
            await self._limiter.acquire()
        except BaseException:  # gave up waiting: the next request for it takes over
            del self._under_way[key]
            done.set()
            raise
        return done
