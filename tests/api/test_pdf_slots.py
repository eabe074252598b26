"""PDFs in a server process: a few layouts at a time, the rest wait and then give up with a 503
(`Overloaded`), and requests for the same document share one layout."""

from __future__ import annotations

import anyio

from api.busy import Overloaded
from api.reports.slots import RenderSlots


def document(title: str, paragraphs: int = 1) -> str:
    body = "".join(f"<p>Párrafo {n} del informe.</p>" for n in range(paragraphs))
    return f"<html><body><h1>{title}</h1>{body}</body></html>"


def test_a_pdf_beyond_the_render_slots_waits_then_gets_503() -> None:
    slots = RenderSlots(size=1, wait_seconds=0.2)
    outcomes: dict[str, object] = {}

    async def make(title: str) -> None:
        try:
            outcomes[title] = await slots.to_pdf(document(title, 200))
        except Overloaded as exc:
            outcomes[title] = exc

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            tg.start_soon(make, "primero")
            await anyio.sleep(0.05)
            tg.start_soon(make, "segundo")

    anyio.run(main)
    first, second = outcomes["primero"], outcomes["segundo"]
    assert isinstance(first, bytes) and first.startswith(b"%PDF-")
    assert isinstance(second, Overloaded)
    assert "intente de nuevo" in second.detail


def test_requests_for_the_same_document_share_one_layout() -> None:
    concurrent = 5
    slots = RenderSlots(size=2, wait_seconds=60)
    results: list[bytes] = []

    async def make() -> None:
        results.append(await slots.to_pdf(document("Seguimiento")))

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            for _ in range(concurrent):
                tg.start_soon(make)
        results.append(await slots.to_pdf(document("Seguimiento")))  # kept

    anyio.run(main)
    assert len(results) == concurrent + 1
    assert results[0].startswith(b"%PDF-")
    assert all(r is results[0] for r in results), "each request laid the document out again"
