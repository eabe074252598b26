"""From domain events to delivery rows: resolve recipients, render once, queue per channel.

Set-based per batch of events: the subjects, audiences and preferences of the whole batch are
loaded in a few queries, each event's message is rendered once for all its recipients, the
rows of every channel go in with one statement, and one UPDATE marks the batch fanned out.

Runs in the caller's unit of work. Events are claimed with `FOR UPDATE SKIP LOCKED` on
PostgreSQL, so two dispatchers never fan out the same event at once; delivery keys are unique
(`INSERT … ON CONFLICT DO NOTHING`), so even a repeated fan-out queues nothing twice.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from notifications import messages
from notifications.about import Subject, load_many
from notifications.audience import Audiences, Person, merge
from notifications.channels import teams
from notifications.messages import Message
from notifications.preferences import Choices
from notifications.rules import Rule, To, rule_for
from states.delivery import Channel, DeliveryStatus
from states.roles import Role
from workflow.models import Delivery, DomainEvent
from workflow.runtime.clock import Clock
from workflow.runtime.new_rows import insert_new
from workflow.runtime.settings import Settings

BATCH = 200


@dataclass
class FanoutReport:
    events: int = 0
    queued: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "deliveries": dict(self.queued)}


def fan_out(*, session: Session, settings: Settings, clock: Clock) -> FanoutReport:
    """Turn every event not yet fanned out into deliveries."""
    report = FanoutReport()
    while True:
        events = session.scalars(
            select(DomainEvent)
            .where(DomainEvent.fanned_out_at.is_(None))
            .order_by(DomainEvent.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        ).all()
        if not events:
            return report
        now = clock.now()
        rows: list[dict[str, Any]] = []
        for outgoing in _resolve(session, settings, events, now):
            for channel in CHANNELS:
                rows += channel(outgoing)
        session.execute(
            update(DomainEvent)
            .where(DomainEvent.id.in_([e.id for e in events]))
            .values(fanned_out_at=now)
        )
        report.events += len(events)
        report.queued.update(_insert(session, rows))


@dataclass(frozen=True)
class Outgoing:
    """One event's message and who it may go to: what every channel builds its rows from."""

    rule: Rule
    message: Message
    people: list[Person]
    webhooks: list[str]
    base: dict[str, Any]
    origin: str
    """The event's dedupe key (or id): the stem of its deliveries' unique keys."""
    choices: Choices
    settings: Settings
    now: datetime


def _resolve(
    session: Session, settings: Settings, events: Sequence[DomainEvent], now: datetime
) -> list[Outgoing]:
    """The events of a batch that send something, with their messages and recipients."""
    ruled = [(e, r) for e in events if (r := rule_for(e.name)) is not None]
    if not ruled:
        return []
    subjects = load_many(
        session=session, settings=settings, refs=[(e.item_kind, e.item_id) for e, _ in ruled]
    )
    found = [(e, r, s) for e, r in ruled if (s := subjects.get((e.item_kind, e.item_id)))]
    items: dict[str, set[int]] = {}
    for _, _, subject in found:
        items.setdefault(subject.kind, set()).add(subject.id)
    people = Audiences.load(
        session,
        area_ids=(a for _, _, s in found for a in s.area_ids),
        items=items,
        user_ids=(s.id for _, r, s in found if To.subject in r.audiences),
        organ_ids=(s.organ_id for _, _, s in found if s.organ_id is not None),
        actor_ids=(e.actor_id for e, _, _ in found if e.actor_id is not None),
    )
    outgoing = []
    for event, rule, subject in found:
        to, webhooks = _recipients(people, rule, event, subject)
        if to or webhooks:
            outgoing.append((event, rule, subject, to, webhooks))
    choices = Choices.load(session, (p.id for *_, to, _ in outgoing for p in to))
    return [
        _outgoing(event, rule, subject, to, webhooks, people, choices, settings, now)
        for event, rule, subject, to, webhooks in outgoing
    ]


def _outgoing(
    event: DomainEvent,
    rule: Rule,
    subject: Subject,
    people: list[Person],
    webhooks: list[str],
    audiences: Audiences,
    choices: Choices,
    settings: Settings,
    now: datetime,
) -> Outgoing:
    message = messages.render(
        template=rule.template,
        event=event,
        subject=subject,
        settings=settings,
        who=audiences.acted(event.actor_id),
    )
    base = {
        "event_id": event.id,
        "kind": event.name,
        "item_kind": event.item_kind,
        "item_id": event.item_id,
        "subject": message.subject[:300],
        "body_text": message.text,
        "link": message.link,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    return Outgoing(
        rule=rule,
        message=message,
        people=people,
        webhooks=list(dict.fromkeys(webhooks)),
        base=base,
        origin=event.dedupe_key or f"event:{event.id}",
        choices=choices,
        settings=settings,
        now=now,
    )


def email_rows(out: Outgoing) -> list[dict[str, Any]]:
    """A letter to each person who takes this kind of message by e-mail."""
    if not out.settings.email_on:
        return []
    return _personal(
        out,
        Channel.email,
        lambda person: person.email,
        body_html=out.message.html,
        status=DeliveryStatus.pending,
    )


def inapp_rows(out: Outgoing) -> list[dict[str, Any]]:
    """A notification in the inbox: the one-line summary, no signature; shown, so `sent`."""
    if not out.rule.inbox:
        return []
    return _personal(
        out,
        Channel.inapp,
        lambda person: str(person.id),
        body_text=out.message.summary,
        status=DeliveryStatus.sent,
        sent_at=out.now,
    )


def _personal(
    out: Outgoing, channel: Channel, address: Callable[[Person], str], **fields: Any
) -> list[dict[str, Any]]:
    """A row per person who takes this kind of message over `channel`."""
    return [
        {
            **out.base,
            "key": f"{out.origin}|{channel}|{person.id}",
            "channel": channel,
            "user_id": person.id,
            "address": address(person),
            "recipient_name": person.name,
            **fields,
        }
        for person in out.people
        if out.choices.on(person.id, channel, out.rule.template)
    ]


def teams_rows(out: Outgoing) -> list[dict[str, Any]]:
    """A card to each Teams channel; the card is built only when there is one to post to."""
    if not out.webhooks:
        return []
    m = out.message
    card = teams.adaptive_card(title=m.subject, summary=m.summary, facts=m.facts, link=m.link)
    return [
        {
            **out.base,
            "key": f"{out.origin}|teams|{hashlib.sha256(url.encode()).hexdigest()[:16]}",
            "channel": Channel.teams,
            "address": url,
            "recipient_name": "Canal de Teams",
            "card": card,
            "status": DeliveryStatus.pending,
        }
        for url in out.webhooks
    ]


CHANNELS: list[Callable[[Outgoing], list[dict[str, Any]]]] = [email_rows, inapp_rows, teams_rows]
"""The channels, each a function from an event's message and recipients to its delivery rows."""


def _acting(people: Audiences, subject: Subject) -> list[Person]:
    """The people the item waits on now: its areas', the secretariat, or nobody."""
    if subject.waiting_on == Role.area:
        return people.area_people(subject.area_ids)
    if subject.waiting_on == Role.secretariat:
        return people.secretariat
    return []


PEOPLE: dict[To, Callable[[Audiences, Subject], list[Person]]] = {
    To.acting: _acting,
    To.areas: lambda a, subject: a.area_people(subject.area_ids),
    To.secretariat: lambda a, subject: a.secretariat,
    To.followers: lambda a, subject: a.followers(subject.kind, subject.id, subject.area_ids),
    To.subject: lambda a, subject: a.user(subject.id),
}
WEBHOOKS: dict[To, Callable[[Audiences, Subject], list[str]]] = {
    To.area_teams: lambda a, subject: a.area_webhooks(subject.area_ids),
    To.acting_teams: lambda a, subject: (
        a.area_webhooks(subject.area_ids) if subject.waiting_on == Role.area else []
    ),
    To.organ_teams: lambda a, subject: a.organ_webhooks(subject.organ_id),
}


def _recipients(
    people: Audiences, rule: Rule, event: DomainEvent, subject: Subject
) -> tuple[list[Person], list[str]]:
    to = merge(*(PEOPLE[a](people, subject) for a in rule.audiences if a in PEOPLE))
    if rule.skip_actor and event.actor_id is not None:
        to = [p for p in to if p.id != event.actor_id]
    webhooks = [u for a in rule.audiences if a in WEBHOOKS for u in WEBHOOKS[a](people, subject)]
    return to, webhooks


def _insert(session: Session, rows: list[dict[str, Any]]) -> Counter[str]:
    """Insert the rows whose key is new; count them by channel. Every row gets every column
    some channel sets (an explicit None where its own does not), so that all go in as one
    batch; the columns no channel sets take their defaults."""
    columns = list(dict.fromkeys(c for row in rows for c in row))
    complete = [{c: row.get(c) for c in columns} for row in rows]
    return Counter(
        insert_new(
            session=session, model=Delivery, rows=complete, key="key", returning=Delivery.channel
        )
    )
