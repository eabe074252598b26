"""Lifecycle of an actividad or compromiso (SPEC §2)."""

from states.lifecycle import EventSpec, Lifecycle
from states.roles import Role

ACTIVITY = Lifecycle(
    name="activity",
    label="Actividad",
    states={
        "pending": "Pendiente",
        "in_progress": "En proceso",
        "done": "Concluida",
        "cancelled": "Cancelada",
    },
    initial="pending",
    final=frozenset({"done", "cancelled"}),
    events=(
        EventSpec("start", "Iniciar", ("pending",), "in_progress", (Role.area, Role.secretariat)),
        EventSpec(
            "complete",
            "Concluir",
            ("pending", "in_progress"),
            "done",
            (Role.area, Role.secretariat),
            progress=100,
        ),
        EventSpec(
            "cancel",
            "Cancelar",
            ("pending", "in_progress"),
            "cancelled",
            (Role.secretariat,),
            requires=("note",),
        ),
        EventSpec(
            "reopen",
            "Reabrir",
            ("done",),
            "in_progress",
            (Role.secretariat,),
            requires=("note",),
        ),
    ),
)
