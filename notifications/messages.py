"""Messages rendered from Jinja2 templates in Spanish: subject, text and HTML parts, and the
facts a Teams card shows. Templates ship inside this package (`notifications/templates`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from notifications.about import Subject, link_for
from states import LIFECYCLES
from states.dates_es import filters as date_filters
from states.dates_es import long_date
from states.kinds import KINDS
from states.lifecycle import STAY
from states.roles import Role
from states.sentences import SECRETARIAT, sentence
from workflow.models import DomainEvent
from workflow.runtime.settings import Settings

NO_DEADLINE = "sin plazo"
"""How a message shows the deadline of an item that has none."""

TITLE_CHARS = 70
"""How much of an item's title a subject line carries; a longer one is cut at a word, «…»."""


@lru_cache(maxsize=8)
def environment(tz: ZoneInfo) -> Environment:
    """The messages' environment, its date filters (`states.dates_es`) in the zone `tz`."""
    env = Environment(
        loader=PackageLoader("notifications", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the templates ship with the package: no stat() per message
    )
    env.filters.update(date_filters(tz))
    env.filters["headline"] = headline
    return env


def headline(title: str, chars: int = TITLE_CHARS) -> str:
    """An item's title for a subject line: whole when short, else cut at a word with «…»."""
    title = " ".join(title.split())
    if len(title) <= chars:
        return title
    cut = title[: chars - 1].rsplit(" ", 1)[0] if " " in title[: chars - 1] else title[: chars - 1]
    return cut.rstrip(" ,;:.-") + "…"


def _local_day(at: datetime | None, settings: Settings) -> date:
    """The institution's day of a timestamp (a naive one is UTC)."""
    if at is None:
        return datetime.now(settings.tz).date()
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(settings.tz).date()


@dataclass(frozen=True)
class Message:
    subject: str
    summary: str
    text: str
    html: str
    link: str
    facts: list[tuple[str, str]]


def _block(env: Environment, name: str, template: str, context: dict[str, Any]) -> str:
    tmpl = env.get_template(template)
    return "".join(tmpl.blocks[name](tmpl.new_context(context))).strip()


def render(
    *,
    template: str,
    event: DomainEvent,
    subject: Subject,
    settings: Settings,
    who: str = SECRETARIAT,
) -> Message:
    """The message of one event; the same for every recipient (no personal data in it).

    `who` is whoever did what the event tells, as a sentence's subject («La UTVOE»)."""
    env = environment(settings.tz)
    kind, _, action = event.name.partition(".")
    lifecycle = LIFECYCLES.get(kind)
    spec = lifecycle.event(action) if lifecycle is not None else None
    payload = _with_links(event.payload or {}, settings)
    day = _local_day(event.created_at, settings)
    if spec is not None and spec.roles == (Role.system,) and subject.deadline is not None:
        day = subject.deadline  # a date passed (a validity ended): the sentence names that date
    context: dict[str, Any] = {
        "institution": settings.institution_name,
        "template": template,
        "item": subject,
        "payload": payload,
        "event_label": spec.label if spec is not None else action,
        "said": sentence(lifecycle, action, who=who, on=day) if lifecycle is not None else "",
        "moved": spec is not None and spec.dest != STAY,
        "waits_on_secretariat": subject.waiting_on == Role.secretariat,
        "from_label": lifecycle.state_label(payload["from"])
        if lifecycle is not None and "from" in payload
        else "",
        "to_label": lifecycle.state_label(payload["to"])
        if lifecycle is not None and "to" in payload
        else "",
        "link": subject.link,
        "home": link_for(settings, "", 0),
    }
    context["summary"] = _block(env, "summary", f"{template}.txt", context)
    facts: list[tuple[str, str]] = []
    if subject.kind in KINDS:
        facts = [
            ("Clave", subject.key),
            ("Estado", subject.state_label),
            (subject.deadline_label, long_date(subject.deadline, NO_DEADLINE)),
            ("Áreas", ", ".join(subject.area_codes)),
        ]
    return Message(
        subject=_block(env, "subject", f"{template}.txt", context),
        summary=context["summary"],
        text=env.get_template(f"{template}.txt").render(context).strip() + "\n",
        html=env.get_template(f"{template}.html").render(context),
        link=subject.link,
        facts=facts,
    )


def _with_links(payload: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Items listed in a payload (the digest's) get the address of their page."""
    linked: dict[str, Any] = {}
    for key, value in payload.items():
        if isinstance(value, list):
            value = [
                {**v, "link": link_for(settings, v["kind"], v["id"])}
                if isinstance(v, dict) and "kind" in v and "id" in v
                else v
                for v in value
            ]
        linked[key] = value
    return linked
