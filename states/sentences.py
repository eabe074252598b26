"""What happened to an item, said as a secretariat writes it in a report or a message.

«La UTVOE informó el cumplimiento el 9 de mayo de 2024.», never «Informar cumplimiento
(Lic. … (titular UTVOE))»: the sentence comes from the event's `said` in its lifecycle, the
subject from who acted (an area by its acronym, the secretariat by its name), and the date is
written in Spanish.
"""

from __future__ import annotations

from datetime import date

from states.dates_es import long_date
from states.lifecycle import Lifecycle
from states.roles import Role

SECRETARIAT = "La Secretaría Técnica"


def subject(role: Role | str | None, area_code: str | None) -> str:
    """Who acted, as the sentence's subject: the area for area people, else the secretariat.

    Admins act on the secretariat's behalf; the scheduled checks never appear as a subject
    (their events' sentences have none)."""
    if role == Role.area and area_code:
        return f"La {area_code}"
    return SECRETARIAT


def sentence(lifecycle: Lifecycle, event: str, *, who: str, on: date) -> str:
    """The event as one sentence; an event without a `said` falls back to its label and date."""
    spec = lifecycle.event(event)
    if spec is None:
        return f"{event} el {long_date(on)}."
    if not spec.said:
        return f"{spec.label} el {long_date(on)}."
    return spec.said.format(quien=who, fecha=long_date(on))
