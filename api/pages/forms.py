"""What the forms of a detail page offer: exactly the events `Lifecycle.allowed_events` grants
this person, each with the data its lifecycle row requires, refilled with what the person typed
when the server refused it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.pages.refused import Refused
from states import LIFECYCLES
from states.kinds import KINDS
from states.lifecycle import STAY
from workflow.engine.actors import Actor, is_responsible, require_may_update
from workflow.engine.errors import NotPermitted

FIELD_LABELS: dict[str, str] = {
    "deadline": "Nuevo plazo",
    "signed_on": "Fecha de firma",
    "valid_from": "Inicio de vigencia",
    "valid_until": "Fin de vigencia",
    "note": "Nota",
}
"""The data an event may carry, as the form labels it (dates first, the note last)."""

UPDATE_FIELDS = ("note", "progress", "evidence_url", "close")
"""The avance form's fields; `close` is its check box that also fires the kind's closing event."""


@dataclass
class FormField:
    name: str
    label: str
    kind: str
    required: bool
    value: str = ""


@dataclass
class EventForm:
    name: str
    label: str
    dest_label: str
    fields: list[FormField]
    error: str | None = None
    open: bool = False


def event_forms(item: Any, actor: Actor | None, failed: Refused | None) -> list[EventForm]:
    """`failed.form` names the refused form: `event:<name>` or `update`."""
    lifecycle = LIFECYCLES[item.kind]
    if actor is None:
        return []
    forms = []
    for name in lifecycle.allowed_events(item.state, actor.role, is_responsible(actor, item)):
        spec = lifecycle.event(name)
        if spec is None:  # allowed_events names only the lifecycle's own events
            continue
        mine = failed is not None and failed.form == f"event:{name}"
        typed = failed.values if failed is not None and mine else {}
        wanted = [f for f in FIELD_LABELS if f in (*spec.sets, *spec.optional_sets, *spec.requires)]
        if "note" not in wanted:
            wanted.append("note")
        dest = lifecycle.state_label(item.state if spec.dest == STAY else spec.dest)
        forms.append(
            EventForm(
                name=name,
                label=spec.label,
                dest_label=dest,
                fields=[
                    FormField(
                        name=f,
                        label=FIELD_LABELS[f],
                        kind="textarea" if f == "note" else "date",
                        required=f in spec.requires,
                        value=typed.get(f, ""),
                    )
                    for f in wanted
                ],
                error=failed.error if mine and failed else None,
                open=mine,
            )
        )
    return forms


def may_update(actor: Actor | None, item: Any) -> bool:
    if actor is None:
        return False
    try:
        require_may_update(actor, item)
    except NotPermitted:
        return False
    return True


def closing_offer(actor: Actor | None, item: Any) -> str | None:
    """The label of the avance form's check box that also fires the kind's closing event
    («Informar el cumplimiento con este avance»), when this person may fire it on `item` now."""
    kind = KINDS[item.kind]
    if actor is None or kind.closing_event is None:
        return None
    allowed = LIFECYCLES[item.kind].allowed_events(
        item.state, actor.role, is_responsible(actor, item)
    )
    return kind.closing_prompt if kind.closing_event in allowed else None
