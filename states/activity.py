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
    waits_on={"pending": Role.area, "in_progress": Role.area},
    final=frozenset({"done", "cancelled"}),
    events=(
        EventSpec(
            "start",
            "Iniciar",
            ("pending",),
            "in_progress",
            (Role.area, Role.secretariat),
            said="{quien} inició la actividad el {fecha}.",
        ),
        EventSpec(
            "complete",
            "Concluir",
            ("pending", "in_progress"),
            "done",
            (Role.area, Role.secretariat),
            progress=100,
            said="{quien} concluyó la actividad el {fecha}.",
        ),
        EventSpec(
            "cancel",
            "Cancelar",
            ("pending", "in_progress"),
            "cancelled",
            (Role.secretariat,),
            requires=("note",),
            said="{quien} canceló la actividad el {fecha}.",
        ),
        EventSpec(
            "reopen",
            "Reabrir",
            ("done",),
            "in_progress",
            (Role.secretariat,),
            requires=("note",),
            said="{quien} reabrió la actividad el {fecha}.",
        ),
    ),
)
