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
    final=frozenset({"concluded", "terminated", "expired"}),
    events=(
        EventSpec(
            "submit_review",
            "Enviar a revisión jurídica",
            ("drafting",),
            "legal_review",
            (Role.area, Role.secretariat),
        ),
        EventSpec(
            "return",
            "Devolver para ajustes",
            ("legal_review",),
            "drafting",
            (Role.secretariat,),
            requires=("note",),
        ),
        EventSpec(
            "approve",
            "Aprobar para suscripción",
            ("legal_review",),
            "approved",
            (Role.secretariat,),
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
        ),
        EventSpec("conclude", "Concluir", ("in_force",), "concluded", (Role.secretariat,)),
        EventSpec(
            "terminate",
            "Terminar anticipadamente",
            OPEN,
            "terminated",
            (Role.secretariat,),
            requires=("note",),
        ),
        EventSpec(
            "expire", "Vencer (revisión programada)", ("in_force",), "expired", (Role.system,)
        ),
    ),
)
