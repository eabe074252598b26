"""The person's private calendar feed: create or rotate its secret URL, revoke it, and serve it.

`/calendario/{secret}.ics` carries no other credential (calendar clients send none): the secret
is the credential, so an unknown or revoked one answers 404 and says nothing about why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from api.deps import ActorDep, ClockDep, SessionDep, SettingsDep
from api.reports import ical
from api.routes.items import ERRORS
from workflow.engine.errors import NotAuthenticated, NotFound
from workflow.models import User
from workflow.reports import calendar_feed, deadlines
from workflow.runtime.settings import Settings

router = APIRouter(responses=ERRORS)


class CalendarFeedRead(BaseModel):
    active: bool
    created_at: dt.datetime | None = None
    url: str | None = None
    """Shown only when the feed is created or rotated: it is not stored, so never again."""


def _user(session: SessionDep, actor: ActorDep) -> User:
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise NotAuthenticated("Solo una persona usuaria puede tener un calendario.")
    return user


@router.get(
    "/api/v1/me/calendar-feed", tags=["calendario personal"], response_model=CalendarFeedRead
)
def feed_status(session: SessionDep, actor: ActorDep) -> Any:
    """Whether the caller has a live feed (its URL is not shown again)."""
    feed = calendar_feed.active(session=session, user=_user(session, actor))
    return CalendarFeedRead(active=feed is not None, created_at=feed.created_at if feed else None)


@router.post(
    "/api/v1/me/calendar-feed",
    tags=["calendario personal"],
    status_code=201,
    response_model=CalendarFeedRead,
)
def rotate_feed(
    session: SessionDep, actor: ActorDep, clock: ClockDep, settings: SettingsDep
) -> Any:
    """Create the caller's feed, or replace it: the previous URL stops working at once."""
    secret = calendar_feed.rotate(session=session, user=_user(session, actor), clock=clock)
    return CalendarFeedRead(
        active=True,
        created_at=clock.now(),
        url=feed_url(settings, secret),
    )


def feed_url(settings: Settings, secret: str) -> str:
    """The feed's address (`GET /calendario/{secret}.ics`), as the API and `/mi-cuenta` show it."""
    return f"{settings.base_url.rstrip('/')}/calendario/{secret}.ics"


@router.delete("/api/v1/me/calendar-feed", tags=["calendario personal"], status_code=204)
def revoke_feed(session: SessionDep, actor: ActorDep, clock: ClockDep) -> Response:
    """Revoke the caller's feed; calendar clients then get 404 and drop its events."""
    calendar_feed.revoke(session=session, user=_user(session, actor), at=clock.now())
    return Response(status_code=204)


@router.get(
    "/calendario/{secret}.ics",
    tags=["calendario personal"],
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def calendar(secret: str, session: SessionDep, clock: ClockDep, settings: SettingsDep) -> Response:
    """The feed: deadlines of the person's open items and validity ends of their convenios."""
    user = calendar_feed.owner(session=session, secret=secret)
    if user is None:
        raise NotFound("No existe ese calendario.")
    entries = deadlines.for_person(session=session, user=user, today=clock.today())
    body = ical.feed(
        entries,
        person=user.name,
        base_url=settings.base_url,
        timezone=settings.timezone,
        now=clock.now(),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="seguimiento.ics"',
            "Cache-Control": "private, max-age=300",
            "Referrer-Policy": "no-referrer",
        },
    )
