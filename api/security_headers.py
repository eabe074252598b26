"""Security headers on every response: JSON, files, errors, pages, static files and `/docs`.

A pure ASGI middleware around the whole app, so it also covers what never reaches a route
(404s, 405s, static files, errors raised before a dependency runs, unexpected 500s). A header
a route already set is kept (the calendar feed's stricter `Referrer-Policy: no-referrer`, for
one); everything else gets the pages' strict policy: no inline script, no framing, no
sniffing, no referrer off the site.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.pages.rendering import SECURITY_HEADERS

CONTENT_SECURITY_POLICY = SECURITY_HEADERS["Content-Security-Policy"]
"""The pages' policy; `/docs` works under it because Swagger UI is served from the app."""

HSTS = "max-age=31536000; includeSubDomains"


def headers_for(*, https: bool) -> list[tuple[bytes, bytes]]:
    """The headers every response carries; HSTS only when the site is served over https."""
    pairs = [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
    ]
    if https:
        pairs.append(("strict-transport-security", HSTS))
    return [(k.encode("latin-1"), v.encode("latin-1")) for k, v in pairs]


class SecurityHeaders:
    """Adds `headers` to every HTTP response start that does not carry them already."""

    def __init__(self, app: ASGIApp, *, headers: Iterable[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = list(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = list(message.get("headers", []))
                present = {name.lower() for name, _ in given}
                given += [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": given}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: Starlette, *, https: bool) -> None:
    """Wrap the whole app, outside even Starlette's error middleware, so an unexpected 500
    carries the headers too (a middleware added the usual way sits inside that one)."""
    build = app.build_middleware_stack
    headers = headers_for(https=https)

    def wrapped() -> ASGIApp:
        return SecurityHeaders(build(), headers=headers)

    app.build_middleware_stack = wrapped  # type: ignore[method-assign]
