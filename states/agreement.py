"""Lifecycle of an acuerdo (SPEC §2)."""

from collections.abc import Mapping
from typing import Any

from states.lifecycle import STAY, EventSpec, Lifecycle
from states.roles import Role

OPEN = ("approved", "in_progress", "under_review")


def _later_deadline(item: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    current, new = item.get("deadline"), data.get("deadline")
    if current is not None and new is not None and new == current:
        return "El nuevo plazo es igual al plazo vigente; indique una fecha distinta."
    return None


AGREEMENT = Lifecycle(
    name="agreement",
    label="Acuerdo",
    states={
        "approved": "Aprobado",
        "in_progress": "En proceso",
        "under_review": "En revisión de cumplimiento",
        "fulfilled": "Cumplido",
        "cancelled": "Sin efectos",
    },
    initial="approved",
    waits_on={"approved": Role.area, "in_progress": Role.area, "under_review": Role.secretariat},
    final=frozenset({"fulfilled", "cancelled"}),
    events=(
        EventSpec(
            "start",
            "Iniciar atención",
            ("approved",),
            "in_progress",
            (Role.area, Role.secretariat),
            said="{quien} inició la atención del acuerdo el {fecha}.",
        ),
        EventSpec(
            "report_fulfillment",
            "Informar cumplimiento",
            ("approved", "in_progress"),
            "under_review",
            (Role.area, Role.secretariat),
            requires=("note",),
            said="{quien} informó el cumplimiento el {fecha}.",
        ),
        EventSpec(
            "confirm",
            "Confirmar cumplimiento",
            ("under_review",),
            "fulfilled",
            (Role.secretariat,),
            progress=100,
            said="{quien} confirmó el cumplimiento el {fecha}.",
        ),
        EventSpec(
            "reject",
            "Devolver (cumplimiento no acreditado)",
            ("under_review",),
            "in_progress",
            (Role.secretariat,),
            requires=("note",),
            said="{quien} devolvió el acuerdo el {fecha} por no acreditarse el cumplimiento.",
        ),
        EventSpec(
            "reschedule",
            "Reprogramar plazo",
            ("approved", "in_progress"),
            STAY,
            (Role.secretariat,),
            requires=("deadline", "note"),
            sets=("deadline",),
            guard=_later_deadline,
            said="{quien} reprogramó el plazo el {fecha}.",
        ),
        EventSpec(
            "cancel",
            "Dejar sin efectos",
            OPEN,
            "cancelled",
            (Role.secretariat,),
            requires=("note",),
            said="{quien} dejó sin efectos el acuerdo el {fecha}.",
        ),
    ),
)
