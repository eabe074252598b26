"""Who is acting: a person or the system, with the rules of SPEC §3 about what they may touch."""

from __future__ import annotations

from dataclasses import dataclass

from states import Role
from states.roles import EDITORS
from workflow.engine.errors import NotPermitted
from workflow.models import Item, User


@dataclass(frozen=True)
class Actor:
    """The caller of a workflow function; `user` is None for the scheduled checks."""

    role: Role
    user_id: int | None
    area_id: int | None
    label: str

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(role=Role(user.role), user_id=user.id, area_id=user.area_id, label=user.name)

    @classmethod
    def system(cls) -> Actor:
        return cls(role=Role.system, user_id=None, area_id=None, label="Sistema")

    @property
    def is_editor(self) -> bool:
        return self.role in EDITORS


def area_ids(item: Item) -> list[int]:
    """Lead area first, then co-responsible ones; minutes have none."""
    return [a.id for a in getattr(item, "areas", [])]


def is_responsible(actor: Actor, item: Item) -> bool:
    return actor.area_id is not None and actor.area_id in area_ids(item)


def require_editor(actor: Actor) -> None:
    """Creating and editing is for the secretariat and admins."""
    if not actor.is_editor:
        raise NotPermitted(
            "Solo la secretaría técnica o la administración pueden hacer este cambio."
        )


def require_admin(actor: Actor) -> None:
    if actor.role != Role.admin:
        raise NotPermitted("Solo la administración puede hacer este cambio.")


def require_may_update(actor: Actor, item: Item) -> None:
    """Progress updates: editors on anything, area people on their own items."""
    if actor.is_editor:
        return
    if actor.role == Role.area and is_responsible(actor, item):
        return
    raise NotPermitted(
        "Solo las áreas responsables del asunto o la secretaría técnica pueden registrar avances."
    )
