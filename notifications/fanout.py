"""From domain events to delivery rows: resolve recipients, render once, queue per channel.

Runs in the caller's unit of work. Events are claimed with `FOR UPDATE SKIP LOCKED` on
PostgreSQL, so two dispatchers never fan out the same event at once; delivery keys are unique
(`INSERT … ON CONFLICT DO NOTHING`), so even a repeated fan-out queues nothing twice.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from notifications import audience, messages, preferences
from notifications.about import Subject
from notifications.about import load as load_subject
from notifications.audience import Person
from notifications.channels import teams
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
        for event in events:
            rows += deliveries_for(session=session, settings=settings, event=event, now=now)
            event.fanned_out_at = now
        report.events += len(events)
        report.queued.update(_insert(session, rows))
        session.flush()


def deliveries_for(
    *, session: Session, settings: Settings, event: DomainEvent, now: datetime
) -> list[dict[str, Any]]:
    """The delivery rows of one event (none when no rule applies or nobody is left)."""
    rule = rule_for(event.name)
    if rule is None:
        return []
    subject = load_subject(
        session=session, settings=settings, kind=event.item_kind, item_id=event.item_id
    )
    if subject is None:
        return []
    people, webhooks = _recipients(session, rule, event, subject)
    if not people and not webhooks:
        return []
    message = messages.render(
        template=rule.template,
        event=event,
        subject=subject,
        settings=settings,
        who=audience.acted(session, event.actor_id),
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
    origin = event.dedupe_key or f"event:{event.id}"
    chosen = preferences.enabled(session, (p.id for p in people), message=rule.template)
    rows = []
    for person in people:
        if settings.email_on and chosen.get((person.id, Channel.email), True):
            rows.append(
                {
                    **base,
                    "key": f"{origin}|email|{person.id}",
                    "channel": Channel.email,
                    "user_id": person.id,
                    "address": person.email,
                    "recipient_name": person.name,
                    "body_html": message.html,
                    "status": DeliveryStatus.pending,
                }
            )
        if rule.inbox and chosen.get((person.id, Channel.inapp), True):
            rows.append(
                {
                    **base,
                    "key": f"{origin}|inapp|{person.id}",
                    "channel": Channel.inapp,
                    "user_id": person.id,
                    "address": str(person.id),
                    "recipient_name": person.name,
                    # a notification, not a letter: the one-line summary, no signature
                    "body_text": message.summary,
                    "status": DeliveryStatus.sent,
                    "sent_at": now,
                }
            )
    card = teams.adaptive_card(
        title=message.subject, summary=message.summary, facts=message.facts, link=message.link
    )
    for url in dict.fromkeys(webhooks):
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        rows.append(
            {
                **base,
                "key": f"{origin}|teams|{digest}",
                "channel": Channel.teams,
                "address": url,
                "recipient_name": "Canal de Teams",
                "card": card,
                "status": DeliveryStatus.pending,
            }
        )
    return rows


def _acting(session: Session, subject: Subject) -> list[Person]:
    """The people the item waits on now: its areas', the secretariat, or nobody."""
    if subject.waiting_on == Role.area:
        return audience.area_people(session, subject.area_ids)
    if subject.waiting_on == Role.secretariat:
        return audience.secretariat(session)
    return []


PEOPLE: dict[To, Callable[[Session, Subject], list[Person]]] = {
    To.acting: _acting,
    To.areas: lambda s, subject: audience.area_people(s, subject.area_ids),
    To.secretariat: lambda s, subject: audience.secretariat(s),
    To.followers: lambda s, subject: audience.followers(
        s, subject.kind, subject.id, subject.area_ids
    ),
    To.subject: lambda s, subject: audience.user(s, subject.id),
}
WEBHOOKS: dict[To, Callable[[Session, Subject], list[str]]] = {
    To.area_teams: lambda s, subject: audience.area_webhooks(s, subject.area_ids),
    To.acting_teams: lambda s, subject: (
        audience.area_webhooks(s, subject.area_ids) if subject.waiting_on == Role.area else []
    ),
    To.organ_teams: lambda s, subject: audience.organ_webhooks(s, subject.organ_id),
}


def _recipients(
    session: Session, rule: Rule, event: DomainEvent, subject: Subject
) -> tuple[list[Person], list[str]]:
    people = audience.merge(
        *(PEOPLE[to](session, subject) for to in rule.audiences if to in PEOPLE)
    )
    if rule.skip_actor and event.actor_id is not None:
        people = [p for p in people if p.id != event.actor_id]
    webhooks = [
        u for to in rule.audiences if to in WEBHOOKS for u in WEBHOOKS[to](session, subject)
    ]
    return people, webhooks


def _insert(session: Session, rows: list[dict[str, Any]]) -> Counter[str]:
    """Insert the rows whose key is new; count them by channel."""
    columns = {c.name for c in Delivery.__table__.columns} - {"id"}
    complete = [{c: row.get(c) for c in columns} for row in rows]
    return Counter(
        insert_new(
            session=session, model=Delivery, rows=complete, key="key", returning=Delivery.channel
        )
    )
