"""Request-scoped dependencies: the session (the transaction boundary), the caller, the clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from api.context import AppContext
from workflow.actors import Actor
from workflow.auth import user_for_token
from workflow.clock import Clock
from workflow.errors import Invalid, NotAuthenticated, StaleVersion
from workflow.settings import Settings

bearer = HTTPBearer(auto_error=False, description="Token personal: `Authorization: Bearer …`")


def context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.context
    return ctx


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(
    request: Request, ctx: Annotated[AppContext, Depends(context)]
) -> Iterator[Session]:
    """One session per request: committed when the route succeeds, rolled back otherwise.

    Used with `scope="function"` (see `SessionDep`): the commit runs before the response is
    sent, so a caller never reads "201 Created" for a change that then failed to commit, and
    the next request always sees it.
    """
    factory = ctx.sessions if request.method in READ_METHODS else ctx.writers
    session = factory()
    try:
        yield session
        session.commit()
    except StaleDataError:
        # A row changed under us in a path that did not say so itself (e.g. a progress update
        # racing an event): the optimistic lock did its job; tell the person, not a 500.
        session.rollback()
        raise StaleVersion(
            "Otra persona modificó este asunto al mismo tiempo; recargue y vuelva a intentarlo."
        ) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


Transactional = Depends(get_session, scope="function")
"""The request's session, committed before the response leaves (not after it was sent)."""


def get_clock(ctx: Annotated[AppContext, Depends(context)]) -> Clock:
    return ctx.clock()


def get_settings(ctx: Annotated[AppContext, Depends(context)]) -> Settings:
    return ctx.settings


def current_actor(
    session: Annotated[Session, Transactional],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    clock: Annotated[Clock, Depends(get_clock)],
) -> Actor:
    """The authenticated person; 401 without a valid token."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("Falta el token: envíe «Authorization: Bearer <token>».")
    user = user_for_token(session=session, token=credentials.credentials, now=clock.now())
    if user is None:
        raise NotAuthenticated("El token no es válido, caducó o fue revocado.")
    return Actor.of(user)


_ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def if_match(
    if_match: Annotated[str | None, Header(description='Versión esperada, p. ej. "3"')] = None,
) -> int | None:
    """The version the caller last saw (`If-Match: "3"`); `*` or absence means any."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = _ETAG.match(if_match)
    if not found:
        raise Invalid('La cabecera If-Match debe ser una versión, por ejemplo "3".')
    return int(found.group(1))


SessionDep = Annotated[Session, Transactional]
ActorDep = Annotated[Actor, Depends(current_actor)]
ClockDep = Annotated[Clock, Depends(get_clock)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
IfMatch = Annotated[int | None, Depends(if_match)]


def etag(version: int) -> str:
    return f'"{version}"'
