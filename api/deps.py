"""Request-scoped dependencies: the session (the transaction boundary), the caller, the clock."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from api.admission import Ticket, admitted
from api.context import AppContext
from workflow.directory.credentials import user_for_token
from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid, NotAuthenticated, StaleVersion
from workflow.runtime import logs
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="Token personal: `Authorization: Bearer …`")


def context(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.context
    return ctx


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Admitted = Annotated[Ticket, Depends(admitted, scope="function")]
"""The request's turn to use the database (`api.admission`); one per request."""


def get_session(
    request: Request, ctx: Annotated[AppContext, Depends(context)], _turn: Admitted
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
    request: Request,
    ctx: Annotated[AppContext, Depends(context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    clock: Annotated[Clock, Depends(get_clock)],
    _turn: Admitted,
) -> Actor:
    """The authenticated person; 401 without a valid token.

    The token is looked up in a short read session of its own, closed before the route runs:
    the request's unit of work (on SQLite, its write lock) begins only at the route's first
    statement, so writers queue for the time they write, not for the time they authenticate.
    """
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("Falta el token: envíe «Authorization: Bearer <token>».")
    with ctx.sessions() as session:
        user = user_for_token(session=session, token=credentials.credentials, now=clock.now())
        actor = Actor.of(user) if user is not None else None
    if actor is None:
        raise NotAuthenticated("El token no es válido, caducó o fue revocado.")
    note_user(request, actor.user_id)
    return actor


def note_user(request: Request, user_id: int | None) -> None:
    """Who this request serves, for its log line (`api.request_log`) and the lines after it."""
    request.state.user_id = user_id
    logs.bind_user(user_id)


async def in_thread_then_release(session: Session, turn: Ticket, work: Callable[[], T]) -> T:
    """Run `work` (database reads on `session`) in a worker thread, then close the session and
    give back the request's turn.

    For routes whose slow part comes after the reads (a PDF): the connection goes back to the
    pool before it, and the request's commit at the end finds nothing to do. `work` must return
    plain data, not rows that would load more once the session is closed.
    """

    def run() -> T:
        try:
            return work()
        finally:
            session.close()

    try:
        return await run_in_threadpool(run)
    finally:
        turn.release()


_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')
"""A version fits a 64-bit integer; a longer run of digits is refused, never parsed."""


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
ContextDep = Annotated[AppContext, Depends(context)]
IfMatch = Annotated[int | None, Depends(if_match)]


def etag(version: int) -> str:
    return f'"{version}"'
