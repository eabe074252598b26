"""CSRF protection for the page forms: a secret per browser session, echoed by every form.

The token lives in the signed session cookie (which another site can neither read nor forge);
each form carries it in a hidden `csrf_token` field. A POST whose field is missing or different
is refused with 403 before the route runs, so it changes nothing.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from workflow.engine.errors import NotPermitted

FIELD = "csrf_token"
SESSION_KEY = "csrf"


def ensure_token(request: Request) -> str:
    """The session's token, created on first use (the login form needs one before sign-in)."""
    token = request.session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return str(token)


def rotate(request: Request) -> None:
    """A new token at sign-in and sign-out, so a token seen before cannot be replayed after."""
    request.session[SESSION_KEY] = secrets.token_urlsafe(32)


class CsrfRefused(NotPermitted):
    code = "csrf"


async def checked_form(request: Request) -> AsyncIterator[FormData]:
    """The POSTed form, once its CSRF token has been checked against the session's; uploaded
    files are closed when the request ends."""
    form = await request.form()
    try:
        _check(request, form)
        yield form
    finally:
        await form.close()


def _check(request: Request, form: FormData) -> None:
    sent = form.get(FIELD)
    expected = request.session.get(SESSION_KEY)
    if not (
        isinstance(sent, str) and expected and hmac.compare_digest(sent.encode(), expected.encode())
    ):
        raise CsrfRefused(
            "El formulario caducó o no proviene de esta aplicación (falta el código de "
            "seguridad). Vuelva a cargar la página e inténtelo de nuevo."
        )


CheckedForm = Annotated[FormData, Depends(checked_form)]
