"""Lifecycle of a meeting's minutes (minuta): a draft until a later session approves it."""

from states.lifecycle import EventSpec, Lifecycle
from states.roles import Role

MINUTES = Lifecycle(
    name="minutes",
    label="Minuta",
    states={"draft": "Proyecto de minuta", "approved": "Aprobada"},
    initial="draft",
    waits_on={"draft": Role.secretariat},
    final=frozenset({"approved"}),
    events=(
        EventSpec(
            "approve",
            "Aprobar minuta",
            ("draft",),
            "approved",
            (Role.secretariat,),
            requires=("approved_in_id",),
            sets=("approved_in_id",),
            said="La minuta se aprobó el {fecha}.",
        ),
    ),
)
