"""SPEC §2 written out again, by hand, as plain data: the oracle the lifecycle code is checked
against (deliberately not derived from `states/`, so a wrong row there cannot agree with itself).

`TABLE[lifecycle][event]` = (sources, destination or None for "stays", roles that may fire it,
required data).
"""

from __future__ import annotations

AREA, SEC, SYSTEM = "area", "secretariat", "system"

Row = tuple[frozenset[str], str | None, frozenset[str], frozenset[str]]


def row(sources: str, dest: str | None, roles: str, requires: str = "") -> Row:
    return (
        frozenset(sources.split()),
        dest,
        frozenset(roles.split()),
        frozenset(requires.split()),
    )


TABLE: dict[str, dict[str, Row]] = {
    "agreement": {
        "start": row("approved", "in_progress", "area secretariat"),
        "report_fulfillment": row(
            "approved in_progress", "under_review", "area secretariat", "note"
        ),
        "confirm": row("under_review", "fulfilled", "secretariat"),
        "reject": row("under_review", "in_progress", "secretariat", "note"),
        "reschedule": row("approved in_progress", None, "secretariat", "deadline note"),
        "cancel": row("approved in_progress under_review", "cancelled", "secretariat", "note"),
    },
    "convenio": {
        "submit_review": row("drafting", "legal_review", "area secretariat"),
        "return": row("legal_review", "drafting", "secretariat", "note"),
        "approve": row("legal_review", "approved", "secretariat"),
        "sign": row("approved", "in_force", "secretariat", "signed_on valid_from valid_until"),
        "extend": row("in_force", None, "secretariat", "valid_until note"),
        "conclude": row("in_force", "concluded", "secretariat"),
        "terminate": row(
            "drafting legal_review approved in_force", "terminated", "secretariat", "note"
        ),
        "expire": row("in_force", "expired", "system"),
    },
    "activity": {
        "start": row("pending", "in_progress", "area secretariat"),
        "complete": row("pending in_progress", "done", "area secretariat"),
        "cancel": row("pending in_progress", "cancelled", "secretariat", "note"),
        "reopen": row("done", "in_progress", "secretariat", "note"),
    },
    "minutes": {
        "approve": row("draft", "approved", "secretariat", "approved_in_id"),
    },
}

LABELS: dict[str, dict[str, str]] = {
    "agreement": {
        "approved": "Aprobado",
        "in_progress": "En proceso",
        "under_review": "En revisión de cumplimiento",
        "fulfilled": "Cumplido",
        "cancelled": "Sin efectos",
    },
    "convenio": {
        "drafting": "En elaboración",
        "legal_review": "En revisión jurídica",
        "approved": "Aprobado para suscripción",
        "in_force": "Vigente",
        "concluded": "Concluido",
        "terminated": "Terminado anticipadamente",
        "expired": "Vencido",
    },
    "activity": {
        "pending": "Pendiente",
        "in_progress": "En proceso",
        "done": "Concluida",
        "cancelled": "Cancelada",
    },
    "minutes": {"draft": "Proyecto de minuta", "approved": "Aprobada"},
}

INITIAL = {
    "agreement": "approved",
    "convenio": "drafting",
    "activity": "pending",
    "minutes": "draft",
}
FINAL = {
    "agreement": {"fulfilled", "cancelled"},
    "convenio": {"concluded", "terminated", "expired"},
    "activity": {"done", "cancelled"},
    "minutes": {"approved"},
}


def expected_next(lifecycle: str, state: str, event: str) -> str | None:
    """Where `event` leads from `state` according to SPEC §2; None when it is not allowed."""
    spec = TABLE[lifecycle].get(event)
    if spec is None or state not in spec[0]:
        return None
    return spec[1] or state


def expected_may_fire(lifecycle: str, event: str, role: str, *, responsible: bool) -> bool:
    """SPEC §3: admin may do what the secretariat may; areas only on items they are responsible
    for; members never fire; the scheduled checks only fire `expire`."""
    roles = TABLE[lifecycle][event][2]
    if role == "admin":
        return SEC in roles
    if role == AREA:
        return AREA in roles and responsible
    return role in roles
