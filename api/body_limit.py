"""Request bodies are capped by size before they are read (413), not after.

Starlette parses a multipart form by spooling every file to disk, and FastAPI does it before the
route runs; a check in the route comes after the whole body is on the server. This middleware
refuses a body whose `Content-Length` passes the limit without reading a byte of it, and counts
the bytes of a body sent without one (chunked), refusing as soon as the count passes the limit.
Imports (`POST /api/v1/{kind}/import` and the page `POST /importar`) have their own limit;
every other body may carry one evidence file (`max_upload_mb`) and the rest of its form.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import BodyTooLarge, error_response
from api.pages.errors import error_page, is_page_request
from workflow.runtime.settings import Settings

MB = 1024 * 1024
FORM_ALLOWANCE = MB
"""Room for the note, the other fields and the multipart boundaries next to a full-size file."""
IMPORT_PATH = re.compile(r"^(/api/v1/[a-z_]+/import|/importar)$")


class BodyLimit:
    """ASGI middleware: 413 with a Spanish sentence for a body larger than its route allows."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def limit(self, path: str) -> tuple[int, str]:
        """The most bytes a body sent to `path` may have, and what to tell who sends more."""
        if IMPORT_PATH.match(path):
            mb = self.settings.import_max_mb
            return mb * MB, (
                f"El archivo pasa de {mb} MB: divídalo, o impórtelo con "
                "«seguimiento import» en el servidor."
            )
        mb = self.settings.max_upload_mb
        return mb * MB + FORM_ALLOWANCE, (
            f"Lo enviado pasa de {mb} MB, el tamaño máximo de un archivo de "
            "evidencia: envíe un archivo más pequeño o un enlace al documento."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, detail = self.limit(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.strip().isdigit() and int(declared) > limit:
            await _refuse(scope, detail)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(detail)  # answered by api.errors, page or JSON
            return message

        await self.app(scope, counted, send)


def _refuse(scope: Scope, detail: str) -> ASGIApp:
    """The 413 answer, shaped as every other error: a page for pages, JSON for the API."""
    request = Request(scope)
    if is_page_request(request) and "app" in scope:
        response = error_page(request, 413, detail)
    else:
        response = error_response(413, detail, "too_large", instance=request.url.path)
    response.headers["Connection"] = "close"  # the body is never read: the connection ends
    return response
