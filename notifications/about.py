"""What an event is about: the item (or person) of a domain event, as messages need it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, lazyload

from states.kinds import page_of
from states.roles import Role
from workflow.items.kinds import PERSON, STORED, Stored, Tracked
from workflow.models import Area, ItemArea, User
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


def load_many(
    *, session: Session, settings: Settings, refs: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], Subject]:
    """The subjects of a batch of events, by (kind, id), in a few queries per kind: the items
    without their eager relations, their areas in one joined query, and the organ through the
    identity map (one lookup per distinct session or convenio). Missing ones are absent."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind, item_id in refs:
        wanted[kind].add(item_id)
    found: dict[tuple[str, int], Subject] = {}
    for kind, ids in wanted.items():
        stored = STORED.get(kind)
        if stored is None:
            for item_id in ids:
                if (subject := _person(session, settings, kind, item_id)) is not None:
                    found[(kind, item_id)] = subject
            continue
        model = stored.model
        found_items = session.scalars(
            select(model).where(model.id.in_(ids)).options(lazyload("*"))
        ).all()
        items = cast("Sequence[Tracked]", found_items)
        areas: dict[int, list[tuple[int, str]]] = defaultdict(list)
        columns = cast("Select[Any]", select(model.id, Area.id, Area.code))
        rows = session.execute(
            stored.with_areas(columns)
            .join(Area, Area.id == stored.area_id)
            .where(model.id.in_(ids))
            .order_by(model.id, *([ItemArea.position] if stored.own_area is None else []))
        )
        for item_id, area_id, code in rows:
            areas[item_id].append((area_id, code))
        for item in items:
            found[(kind, item.id)] = _subject(settings, stored, item, areas[item.id])
    return found


def _subject(
    settings: Settings, stored: Stored, item: Tracked, areas: list[tuple[int, str]]
) -> Subject:
    facts = stored.facts
    return Subject(
        kind=facts.name,
        id=item.id,
        key=item.key,
        title=item.title,
        link=link_for(settings, facts.name, item.id),
        noun=facts.noun,
        deadline_label=facts.deadline_label,
        state_label=facts.lifecycle.state_label(item.state),
        deadline=item.deadline,
        area_ids=[a for a, _ in areas],
        area_codes=[c for _, c in areas],
        organ_id=stored.organ_id(item),
        waiting_on=facts.lifecycle.waiting_on(item.state),
    )


def load(*, session: Session, settings: Settings, kind: str, item_id: int) -> Subject | None:
    """The subject of an event, or None when it no longer exists."""
    return load_many(session=session, settings=settings, refs=[(kind, item_id)]).get(
        (kind, item_id)
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
