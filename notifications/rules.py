"""Which domain events become messages, to whom, with which template (data, not code).

An event `{kind}.{action}` is looked up by its action; lifecycle events without a rule of their
own are state changes, told to whoever follows the item. Events with no rule (`created`,
`updated`, the minutes' events) send nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from states.kinds import KINDS


class To(StrEnum):
    """An audience of a rule."""

    areas = "areas"
    """The people of the item's responsible areas."""
    acting = "acting"
    """Whoever must act next on the item in its current state (`Lifecycle.waiting_on`): the
    responsible areas' people, or the secretariat while it reviews; nobody when nobody acts."""
    acting_teams = "acting_teams"
    """The Teams channels of the responsible areas, when the item waits on them."""
    secretariat = "secretariat"
    followers = "followers"
    """The areas' people and whoever changed the item or reported progress on it."""
    subject = "subject"
    """The person the event is about (the weekly digest)."""
    area_teams = "area_teams"
    """The Teams channels of the responsible areas."""
    organ_teams = "organ_teams"
    """The Teams channel of the item's organ."""


@dataclass(frozen=True)
class Rule:
    template: str
    audiences: tuple[To, ...]
    inbox: bool = True
    """Also put it in the in-app inbox of the people it goes to."""
    skip_actor: bool = True
    """Do not tell people what they did themselves."""


RULES: dict[str, Rule] = {
    "due_soon": Rule("due_soon", (To.acting, To.acting_teams)),
    "overdue": Rule("overdue", (To.acting, To.acting_teams)),
    "escalated": Rule("escalated", (To.secretariat, To.organ_teams)),
    "expiring": Rule("expiring", (To.areas, To.area_teams)),
    "report_fulfillment": Rule("state_change", (To.secretariat, To.followers)),
    "expire": Rule("state_change", (To.followers, To.secretariat, To.area_teams)),
    "digest": Rule("digest", (To.subject,), inbox=False),
}

STATE_CHANGE = Rule("state_change", (To.followers, To.acting))
"""A state change is told to whoever follows the item and to whoever must act on it now (the
secretariat when a convenio goes to its review)."""


def rule_for(event_name: str) -> Rule | None:
    """The rule of a domain event, or None when it sends nothing."""
    kind, _, action = event_name.partition(".")
    if action in RULES:
        return RULES[action]
    tracked = KINDS.get(kind)  # minutes have a lifecycle but no one to tell
    if tracked is None or tracked.lifecycle.event(action) is None:
        return None
    return STATE_CHANGE
