"""What each kind of item is, as people read it: one entry per kind, pure facts only.

The persistence facts of the same kinds (model, deadline column, how areas and organ are
found) are in `workflow.items.kinds`. A new kind is one entry here, one there, and its lifecycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from states.activity import ACTIVITY
from states.agreement import AGREEMENT
from states.convenio import CONVENIO
from states.lifecycle import Lifecycle


@dataclass(frozen=True)
class Kind:
    """The facts of one kind of item that do not depend on where it is stored."""

    name: str
    """The identifier in events, history rows and code (`agreement`)."""
    label: str
    """«Acuerdo»: the kind as a heading or a cell names it."""
    plural: str
    """«Acuerdos»."""
    noun: str
    """With its article, as a sentence names it: «el acuerdo», «la actividad»."""
    slug: str
    """Where its pages live: `/acuerdos`, `/acuerdos/{id}`."""
    api_plural: str
    """Where the JSON API serves it: `/api/v1/agreements`; import and export name it so too."""
    lifecycle: Lifecycle
    deadline_label: str
    """How a message labels the date the item answers to («Plazo», «Vigencia hasta»)."""
    deadline_event: str
    """How a calendar names that date («Plazo», «Fin de vigencia»)."""
    without_deadline: str | None = None
    """What an empty deadline means in a report («Permanente»), when it means anything."""
    closing_event: str | None = None
    """The event a responsible area fires with its last avance to say the work is done (the
    avance form offers it as a check box), when the kind has one."""
    closing_prompt: str = ""
    """That check box's label."""


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            name="agreement",
            label="Acuerdo",
            plural="Acuerdos",
            noun="el acuerdo",
            slug="acuerdos",
            api_plural="agreements",
            lifecycle=AGREEMENT,
            deadline_label="Plazo",
            deadline_event="Plazo",
            without_deadline="Permanente",
            closing_event="report_fulfillment",
            closing_prompt="Informar el cumplimiento con este avance",
        ),
        Kind(
            name="convenio",
            label="Convenio",
            plural="Convenios",
            noun="el convenio",
            slug="convenios",
            api_plural="convenios",
            lifecycle=CONVENIO,
            deadline_label="Vigencia hasta",
            deadline_event="Fin de vigencia",
        ),
        Kind(
            name="activity",
            label="Actividad",
            plural="Actividades",
            noun="la actividad",
            slug="actividades",
            api_plural="activities",
            lifecycle=ACTIVITY,
            deadline_label="Plazo",
            deadline_event="Plazo",
            closing_event="complete",
            closing_prompt="Dar por concluida la actividad con este avance",
        ),
    )
}
"""Every kind of tracked item, in the order lists and reports show them."""


def page_of(kind: str | None, item_id: int | None) -> str | None:
    """The path of an item's page (`/acuerdos/7`), relative to the site: the one place every link
    to an item is made. None for what has no page of its own (a person, minutes)."""
    found = KINDS.get(kind or "")
    return f"/{found.slug}/{item_id}" if found is not None and item_id is not None else None
