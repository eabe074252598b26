"""Reports as PDF, through WeasyPrint (Pango and fonts come from scripts/system-deps.sh)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import anyio
import anyio.to_thread

from api.busy import Overloaded


def to_pdf(document: str) -> bytes:
    """Lay out an HTML document, with its inline print CSS (`@page`, running headers), as PDF."""
    from weasyprint import HTML  # 0.7 s to import: only the commands and routes that make a PDF pay

    pdf = HTML(string=document).write_pdf()
    assert pdf is not None  # without a target, write_pdf returns the bytes
    return pdf


KEPT_PDFS = 8
"""Recently laid-out PDFs kept in memory, by their document (tens of KB each)."""


class RenderSlots:
    """PDFs for a server process: at most `size` laid out at once, each document once.

    Layout takes seconds of CPU under the GIL; forty at once would take every worker thread and
    slow every other request. Those beyond `size` wait here without a thread or a database
    connection, and give up with a 503 after `wait_seconds`. A session's report is typically
    opened by the whole commission at the same time: requests for the same document (same data,
    same day) share one layout, and the last few results are kept.
    """

    def __init__(self, size: int, wait_seconds: float) -> None:
        self.size = size
        self.wait_seconds = wait_seconds
        self._limiter = anyio.CapacityLimiter(size)
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._under_way: dict[str, anyio.Event] = {}

    async def to_pdf(self, document: str) -> bytes:
        key = hashlib.sha256(document.encode()).hexdigest()
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
            content = await anyio.to_thread.run_sync(to_pdf, document)
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
