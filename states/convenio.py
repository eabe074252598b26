"""Lifecycle of a convenio (SPEC §2)."""

from collections.abc import Mapping
from typing import Any

from states.lifecycle import STAY, EventSpec, Lifecycle
from states.roles import Role

OPEN = ("drafting", "legal_review", "approved", "in_force")


def _validity_in_order(item: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    start, end = data.get("valid_from"), data.get("valid_until")
    if start is not None and end is not None and end < start:
        return "La vigencia termina antes de empezar: revise «valid_from» y «valid_until»."
    return None


def _extends_validity(item: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    current, new = item.get("valid_until"), data.get("valid_until")
    if current is not None and new is not None and new <= current:
        return f"La nueva vigencia debe ser posterior a la actual ({current.isoformat()})."
    return None


CONVENIO = Lifecycle(
    name="convenio",
    label="Convenio",
    states={
        "drafting": "En elaboración",
        "legal_review": "En revisión jurídica",
        "approved": "Aprobado para suscripción",
        "in_force": "Vigente",
        "concluded": "Concluido",
        "terminated": "Terminado anticipadamente",
        "expired": "Vencido",
    },
    initial="drafting",
    waits_on={
        "drafting": Role.area,
        "legal_review": Role.secretariat,
        "approved": Role.secretariat,
    },
    final=frozenset({"concluded", "terminated", "expired"}),
    events=(
        EventSpec(
            "submit_review",
            "Enviar a revisión jurídica",
            ("drafting",),
            "legal_review",
            (Role.area, Role.secretariat),
            said="{quien} envió el convenio a revisión jurídica el {fecha}.",
        ),
        EventSpec(
            "return",
            "Devolver para ajustes",
            ("legal_review",),
            "drafting",
            (Role.secretariat,),
            requires=("note",),
            said="{quien} devolvió el convenio para ajustes el {fecha}.",
        ),
        EventSpec(
            "approve",
            "Aprobar para suscripción",
            ("legal_review",),
            "approved",
            (Role.secretariat,),
            said="{quien} aprobó el convenio para su suscripción el {fecha}.",
        ),
        EventSpec(
            "sign",
            "Registrar suscripción",
            ("approved",),
            "in_force",
            (Role.secretariat,),
            requires=("signed_on", "valid_from", "valid_until"),
            sets=("signed_on", "valid_from", "valid_until"),
            guard=_validity_in_order,
            said="{quien} registró la suscripción del convenio el {fecha}.",
        ),
        EventSpec(
            "extend",
            "Ampliar vigencia",
            ("in_force",),
            STAY,
            (Role.secretariat,),
            requires=("valid_until", "note"),
            sets=("valid_until",),
            guard=_extends_validity,
            said="{quien} registró la ampliación de la vigencia el {fecha}.",
        ),
        EventSpec(
            "conclude",
            "Concluir",
            ("in_force",),
            "concluded",
            (Role.secretariat,),
            said="{quien} dio por concluido el convenio el {fecha}.",
        ),
        EventSpec(
            "terminate",
            "Terminar anticipadamente",
            OPEN,
            "terminated",
            (Role.secretariat,),
            requires=("note",),
            said="{quien} dio por terminado anticipadamente el convenio el {fecha}.",
        ),
        EventSpec(
            "expire",
            "Vencer (revisión programada)",
            ("in_force",),
            "expired",
            (Role.system,),
            said="La vigencia del convenio venció el {fecha}.",
        ),
    ),
)
