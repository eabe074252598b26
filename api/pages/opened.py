"""Opening an item's page reads the person's in-app notifications about it.

The write happens after the page has been sent, in a short transaction of its own (as the
session's activity is recorded): a page that only reads never waits for the write lock.
"""

from __future__ import annotations

import logging
from datetime import datetime

from fastapi import Request, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.background import BackgroundTask

from api.context import AppContext
from api.pages.viewer import Viewer
from notifications import inbox
from workflow.engine.actors import Actor
from workflow.runtime.db import unit_of_work

log = logging.getLogger("seguimiento.pages")


def mark_read_when_sent(
    request: Request,
    response: Response,
    viewer: Viewer,
    *,
    item_kind: str,
    item_id: int,
    now: datetime,
) -> Response:
    """Schedule the marking on `response` when the viewer has unread notifications."""
    actor = viewer.actor
    if actor is None or not viewer.unread or request.method != "GET" or response.background:
        return response
    ctx: AppContext = request.app.state.context
    response.background = BackgroundTask(_mark, ctx, actor, item_kind, item_id, now)
    return response


def _mark(ctx: AppContext, actor: Actor, item_kind: str, item_id: int, now: datetime) -> None:
    try:
        with unit_of_work(ctx.writers) as writer:
            inbox.mark_item_read(
                session=writer, actor=actor, item_kind=item_kind, item_id=item_id, now=now
            )
    except SQLAlchemyError:
        # Busy database: the notifications stay unread until the next visit; nothing is lost.
        log.warning("No se pudieron marcar como leídas las notificaciones", exc_info=True)
