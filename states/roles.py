"""Who may act: the roles of SPEC §3, and the system actor used by scheduled checks."""

from enum import StrEnum


class Role(StrEnum):
    """A person's role; `system` is the scheduled checks, never a person."""

    admin = "admin"
    secretariat = "secretariat"
    area = "area"
    member = "member"
    system = "system"


ROLE_LABELS: dict[Role, str] = {
    Role.admin: "Administración",
    Role.secretariat: "Secretaría técnica",
    Role.area: "Titular o enlace de área",
    Role.member: "Integrante de la comisión",
    Role.system: "Sistema (revisión programada)",
}

PERSON_ROLES: tuple[Role, ...] = (Role.admin, Role.secretariat, Role.area, Role.member)
"""Roles a user account may have (`system` is reserved for the checks)."""

EDITORS: frozenset[Role] = frozenset({Role.admin, Role.secretariat})
"""Roles that create and edit organs, meetings and items."""
