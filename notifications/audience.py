"""Who a notification goes to: people (by e-mail and inbox) and Teams channels (webhooks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from states import Role
from states.sentences import subject as sentence_subject
from workflow.items.kinds import history_of
from workflow.models import Area, Organ, Transition, Update, User


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str


def _people(session: Session, *where: object) -> list[Person]:
    rows = session.execute(
        select(User.id, User.name, User.email)
        .where(User.active.is_(True), *where)  # type: ignore[arg-type]
        .order_by(User.id)
    )
    return [Person(id=i, name=n, email=e) for i, n, e in rows]


def area_people(session: Session, area_ids: Iterable[int]) -> list[Person]:
    """The people of the responsible areas (titulares and enlaces)."""
    ids = list(area_ids)
    return _people(session, User.area_id.in_(ids), User.role == Role.area.value) if ids else []


def secretariat(session: Session) -> list[Person]:
    return _people(session, User.role == Role.secretariat.value)


def user(session: Session, user_id: int) -> list[Person]:
    return _people(session, User.id == user_id)


def followers(session: Session, kind: str, item_id: int, area_ids: Iterable[int]) -> list[Person]:
    """Who follows an item: its areas' people and whoever changed it or reported progress."""
    authors = union(
        select(Transition.actor_id).where(history_of(Transition, kind, item_id)),
        select(Update.author_id).where(history_of(Update, kind, item_id)),
    ).subquery()
    involved = _people(session, User.id.in_(select(authors.c[0])))
    return merge(area_people(session, area_ids), involved)


def merge(*groups: Iterable[Person]) -> list[Person]:
    """People of several audiences, each once, in order."""
    seen: dict[int, Person] = {}
    for group in groups:
        for person in group:
            seen.setdefault(person.id, person)
    return list(seen.values())


def area_webhooks(session: Session, area_ids: Iterable[int]) -> list[str]:
    ids = list(area_ids)
    if not ids:
        return []
    urls = session.scalars(
        select(Area.teams_webhook_url).where(Area.id.in_(ids), Area.teams_webhook_url.is_not(None))
    )
    return [u for u in urls if u]


def organ_webhooks(session: Session, organ_id: int | None) -> list[str]:
    if organ_id is None:
        return []
    url = session.scalar(select(Organ.teams_webhook_url).where(Organ.id == organ_id))
    return [url] if url else []


def acted(session: Session, user_id: int | None) -> str:
    """Who did what an event tells, as a sentence's subject: «La UTVOE» for an area's person,
    else «La Secretaría Técnica» (`states.sentences.subject`)."""
    row = (
        session.execute(
            select(User.role, Area.code)
            .outerjoin(Area, Area.id == User.area_id)
            .where(User.id == user_id)
        ).first()
        if user_id is not None
        else None
    )
    return sentence_subject(row[0], row[1]) if row is not None else sentence_subject(None, None)
