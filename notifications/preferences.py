"""Per-person channel preferences: e-mail and the in-app inbox, both on unless turned off.

Teams is not a personal channel: it posts to the channel of an area or an organ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from states.delivery import Channel
from workflow.actors import Actor
from workflow.errors import Invalid, NotPermitted
from workflow.models import NotificationPreference

PERSONAL = {Channel.email: "Correo electrónico", Channel.inapp: "Bandeja en el sistema"}


def enabled(session: Session, user_ids: Iterable[int]) -> dict[tuple[int, str], bool]:
    """The stored choices of these people; a missing (person, channel) pair means on."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id.in_(ids))
    )
    return {(r.user_id, r.channel): r.enabled for r in rows}


def get(*, session: Session, user_id: int) -> dict[str, bool]:
    stored = enabled(session, [user_id])
    return {channel: stored.get((user_id, channel), True) for channel in PERSONAL}


def update(
    *, session: Session, actor: Actor, user_id: int, changes: Mapping[str, bool]
) -> dict[str, bool]:
    """Change a person's channels: their own, or anyone's for an admin."""
    if actor.user_id != user_id and actor.role != "admin":
        raise NotPermitted("Solo puede cambiar sus propias preferencias de notificación.")
    unknown = sorted(set(changes) - set(PERSONAL))
    if unknown:
        raise Invalid(
            f"Canal desconocido: {', '.join(unknown)}; los canales son: {', '.join(PERSONAL)}.",
            field="channel",
        )
    for channel, on in changes.items():
        row = session.get(NotificationPreference, (user_id, channel))
        if row is None:
            session.add(NotificationPreference(user_id=user_id, channel=channel, enabled=on))
        else:
            row.enabled = on
    session.flush()
    return get(session=session, user_id=user_id)
