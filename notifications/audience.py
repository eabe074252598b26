"""Who a notification goes to: people (by e-mail and inbox) and Teams channels (webhooks),
resolved for a whole batch of events at once (`Audiences`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from states import Role
from states.sentences import subject as sentence_subject
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


def merge(*groups: Iterable[Person]) -> list[Person]:
    """People of several audiences, each once, in order."""
    seen: dict[int, Person] = {}
    for group in groups:
        for person in group:
            seen.setdefault(person.id, person)
    return list(seen.values())


@dataclass
class Audiences:
    """Everyone a batch of events may go to, loaded in a few queries for the whole batch:
    the people of every area named, the secretariat, the people the events are about, whoever
    changed the items, the Teams channels, and who did each event. The lookups then answer as
    `area_people`, `secretariat`, `followers` and the rest would, without a query per event."""

    by_area: dict[int, list[Person]] = field(default_factory=dict)
    secretariat: list[Person] = field(default_factory=list)
    people: dict[int, Person] = field(default_factory=dict)
    authors: dict[tuple[str, int], set[int]] = field(default_factory=dict)
    area_urls: dict[int, str] = field(default_factory=dict)
    organ_urls: dict[int, str] = field(default_factory=dict)
    acted_by: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        session: Session,
        *,
        area_ids: Iterable[int],
        items: Mapping[str, Iterable[int]],
        user_ids: Iterable[int],
        organ_ids: Iterable[int],
        actor_ids: Iterable[int],
    ) -> Audiences:
        found = cls()
        areas = sorted(set(area_ids))
        for person, area_id in _with_area(
            session, User.area_id.in_(areas), User.role == Role.area.value
        ):
            if area_id is not None:
                found.by_area.setdefault(area_id, []).append(person)
        found.secretariat = _people(session, User.role == Role.secretariat.value)
        for kind, ids in items.items():
            wanted = sorted(set(ids))
            if not wanted:
                continue
            authors = union(
                select(Transition.item_id, Transition.actor_id).where(
                    Transition.item_kind == kind, Transition.item_id.in_(wanted)
                ),
                select(Update.item_id, Update.author_id).where(
                    Update.item_kind == kind, Update.item_id.in_(wanted)
                ),
            )
            for item_id, author in session.execute(authors):
                if author is not None:
                    found.authors.setdefault((kind, item_id), set()).add(author)
        named = set(user_ids) | {a for ids in found.authors.values() for a in ids}
        found.people = {p.id: p for p in _people(session, User.id.in_(sorted(named)))}
        found.area_urls = _webhooks(session, Area, areas)
        found.organ_urls = _webhooks(session, Organ, sorted(set(organ_ids)))
        actors = sorted(set(actor_ids))
        if actors:
            rows = session.execute(
                select(User.id, User.role, Area.code)
                .outerjoin(Area, Area.id == User.area_id)
                .where(User.id.in_(actors))
            )
            found.acted_by = {i: sentence_subject(role, code) for i, role, code in rows}
        return found

    def area_people(self, area_ids: Iterable[int]) -> list[Person]:
        people = {p.id: p for a in area_ids for p in self.by_area.get(a, [])}
        return [people[i] for i in sorted(people)]

    def user(self, user_id: int) -> list[Person]:
        return [self.people[user_id]] if user_id in self.people else []

    def followers(self, kind: str, item_id: int, area_ids: Iterable[int]) -> list[Person]:
        involved = sorted(self.authors.get((kind, item_id), ()))
        known = (self.people[i] for i in involved if i in self.people)
        return merge(self.area_people(area_ids), known)

    def area_webhooks(self, area_ids: Iterable[int]) -> list[str]:
        return [u for a in area_ids if (u := self.area_urls.get(a))]

    def organ_webhooks(self, organ_id: int | None) -> list[str]:
        url = self.organ_urls.get(organ_id) if organ_id is not None else None
        return [url] if url else []

    def acted(self, user_id: int | None) -> str:
        if user_id is None or user_id not in self.acted_by:
            return sentence_subject(None, None)
        return self.acted_by[user_id]


def _with_area(session: Session, *where: object) -> list[tuple[Person, int | None]]:
    rows = session.execute(
        select(User.id, User.name, User.email, User.area_id)
        .where(User.active.is_(True), *where)  # type: ignore[arg-type]
        .order_by(User.id)
    )
    return [(Person(id=i, name=n, email=e), a) for i, n, e, a in rows]


def _webhooks(session: Session, owner: type[Area] | type[Organ], ids: list[int]) -> dict[int, str]:
    """The Teams channels of these areas or organs, by id (those without one left out)."""
    if not ids:
        return {}
    rows = session.execute(
        select(owner.id, owner.teams_webhook_url).where(
            owner.id.in_(ids), owner.teams_webhook_url.is_not(None)
        )
    )
    return {i: url for i, url in rows if url}
