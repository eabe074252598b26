"""What an event is about: the item (or person) of a domain event, as messages need it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import cast

from sqlalchemy.orm import Session

from states.kinds import page_of
from states.roles import Role
from workflow.items.kinds import PERSON, STORED, Tracked
from workflow.models import User
from workflow.runtime.settings import Settings


@dataclass
class Subject:
    """The item a notification is about, with the facts every message shows."""

    kind: str
    id: int
    key: str
    title: str
    link: str
    noun: str = ""
    """With its article, as a sentence names it: «el acuerdo», «la actividad»."""
    deadline_label: str = "Plazo"
    state_label: str = ""
    deadline: date | None = None
    area_ids: list[int] = field(default_factory=list)
    area_codes: list[str] = field(default_factory=list)
    organ_id: int | None = None
    waiting_on: Role | None = None
    """Who must act next on the item in its current state (`Lifecycle.waiting_on`)."""


def link_for(settings: Settings, kind: str, item_id: int) -> str:
    """The public URL of an item's page (`SEGUIMIENTO_BASE_URL` and the page's path)."""
    return settings.base_url.rstrip("/") + (page_of(kind, item_id) or "/")


def load(*, session: Session, settings: Settings, kind: str, item_id: int) -> Subject | None:
    """The subject of an event, or None when it no longer exists."""
    stored = STORED.get(kind)
    if stored is None:
        return _person(session, settings, kind, item_id)
    item = cast("Tracked | None", session.get(stored.model, item_id))
    if item is None:
        return None
    facts, areas = stored.facts, item.areas
    return Subject(
        kind=kind,
        id=item.id,
        key=item.key,
        title=item.title,
        link=link_for(settings, kind, item.id),
        noun=facts.noun,
        deadline_label=facts.deadline_label,
        state_label=facts.lifecycle.state_label(item.state),
        deadline=item.deadline,
        area_ids=[a.id for a in areas],
        area_codes=[a.code for a in areas],
        organ_id=stored.organ_id(item),
        waiting_on=facts.lifecycle.waiting_on(item.state),
    )


def _person(session: Session, settings: Settings, kind: str, item_id: int) -> Subject | None:
    """A person's own events (their digest); None for minutes, which have no areas to tell."""
    if kind != PERSON:
        return None
    user = session.get(User, item_id)
    if user is None:
        return None
    return Subject(
        kind=PERSON, id=user.id, key=user.email, title=user.name, link=link_for(settings, "", 0)
    )
