"""Messages rendered from Jinja2 templates in Spanish: subject, text and HTML parts, and the
facts a Teams card shows. Templates ship inside this package (`notifications/templates`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from notifications.about import Subject, link_for
from states import LIFECYCLES
from states.dates_es import filters as date_filters
from states.dates_es import long_date
from states.kinds import KINDS
from workflow.models import DomainEvent
from workflow.runtime.settings import Settings

NO_DEADLINE = "sin plazo"
"""How a message shows the deadline of an item that has none."""


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
    )
    env.filters.update(date_filters(tz))
    return env


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


def render(*, template: str, event: DomainEvent, subject: Subject, settings: Settings) -> Message:
    """The message of one event; the same for every recipient (no personal data in it)."""
    env = environment(settings.tz)
    kind, _, action = event.name.partition(".")
    lifecycle = LIFECYCLES.get(kind)
    spec = lifecycle.event(action) if lifecycle is not None else None
    payload = _with_links(event.payload or {}, settings)
    context: dict[str, Any] = {
        "institution": settings.institution_name,
        "item": subject,
        "payload": payload,
        "event_label": spec.label if spec is not None else action,
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
