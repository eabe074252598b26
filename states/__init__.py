"""Lifecycles as data (states, events, labels, who may fire what), and the closed vocabularies
and Spanish date formats every layer shares. Pure: no I/O."""

from states.activity import ACTIVITY
from states.agreement import AGREEMENT
from states.convenio import CONVENIO
from states.lifecycle import EventSpec, Lifecycle, TransitionRefused, may_fire
from states.minutes import MINUTES
from states.roles import Role

LIFECYCLES: dict[str, Lifecycle] = {lc.name: lc for lc in (AGREEMENT, CONVENIO, ACTIVITY, MINUTES)}

__all__ = [
    "ACTIVITY",
    "AGREEMENT",
    "CONVENIO",
    "LIFECYCLES",
    "MINUTES",
    "EventSpec",
    "Lifecycle",
    "Role",
    "TransitionRefused",
    "may_fire",
]
