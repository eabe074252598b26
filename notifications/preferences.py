"""Per-person choices: which personal channels (e-mail, the in-app inbox) and, on each, which
kinds of message. Everything is on unless turned off; a message goes out over a channel when
both the channel and its kind are on there.

Teams is not a personal channel: it posts to the channel of an area or an organ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from notifications.rules import RULES, STATE_CHANGE
from states.delivery import Channel
from workflow.engine.actors import Actor
from workflow.engine.errors import Invalid, NotPermitted
from workflow.models import NotificationKindPreference, NotificationPreference

PERSONAL = {Channel.email: "Correo electrónico", Channel.inapp: "Bandeja en el sistema"}

KINDS = {
    "due_soon": "Plazo próximo a vencer",
    "overdue": "Plazo vencido",
    "escalated": "Asunto escalado a la secretaría técnica",
    "expiring": "Convenio próximo a terminar su vigencia",
    "state_change": "Cambio de estado de un asunto que sigue",
    "digest": "Resumen semanal",
}
"""The kinds of message a person may choose, by the template that writes them (`rules`)."""

OFFERED: dict[str, tuple[str, ...]] = {
    "email": tuple(KINDS),
    "inapp": tuple(
        k
        for k in KINDS
        if any(r.template == k and r.inbox for r in (*RULES.values(), STATE_CHANGE))
    ),
}
"""The kinds each channel carries (the weekly digest goes by e-mail only)."""


def enabled(
    session: Session, user_ids: Iterable[int], message: str | None = None
) -> dict[tuple[int, str], bool]:
    """The stored choices of these people, per (person, channel), for the messages that the
    rule template `message` writes when given; a missing pair means on."""
    ids = list(set(user_ids))
    if not ids:
        return {}
    rows = session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id.in_(ids))
    )
    chosen = {(r.user_id, r.channel): r.enabled for r in rows}
    if message is None:
        return chosen
    off = session.execute(
        select(NotificationKindPreference.user_id, NotificationKindPreference.channel).where(
            NotificationKindPreference.user_id.in_(ids),
            NotificationKindPreference.template == message,
            NotificationKindPreference.enabled.is_(False),
        )
    )
    for user_id, channel in off:
        chosen[(user_id, channel)] = False
    return chosen


@dataclass
class Choices:
    """The stored choices of a batch's people, loaded in two queries: per (person, channel),
    and the kinds of message they turned off per (person, channel, template)."""

    channels: dict[tuple[int, str], bool]
    kinds_off: set[tuple[int, str, str]]

    @classmethod
    def load(cls, session: Session, user_ids: Iterable[int]) -> Choices:
        ids = sorted(set(user_ids))
        if not ids:
            return cls({}, set())
        channels = session.execute(
            select(
                NotificationPreference.user_id,
                NotificationPreference.channel,
                NotificationPreference.enabled,
            ).where(NotificationPreference.user_id.in_(ids))
        )
        off = session.execute(
            select(
                NotificationKindPreference.user_id,
                NotificationKindPreference.channel,
                NotificationKindPreference.template,
            ).where(
                NotificationKindPreference.user_id.in_(ids),
                NotificationKindPreference.enabled.is_(False),
            )
        )
        return cls({(u, c): on for u, c, on in channels}, {(u, c, t) for u, c, t in off})

    def on(self, user_id: int, channel: str, template: str) -> bool:
        """Whether `template`'s messages go to this person over `channel` (on unless turned off)."""
        return self.channels.get((user_id, channel), True) and (
            (user_id, channel, template) not in self.kinds_off
        )


def get(*, session: Session, user_id: int) -> dict[str, bool]:
    stored = enabled(session, [user_id])
    return {channel: stored.get((user_id, channel), True) for channel in PERSONAL}


def _allowed(actor: Actor, user_id: int) -> None:
    if actor.user_id != user_id and actor.role != "admin":
        raise NotPermitted("Solo puede cambiar sus propias preferencias de notificación.")


def update(
    *, session: Session, actor: Actor, user_id: int, changes: Mapping[str, bool]
) -> dict[str, bool]:
    """Change a person's channels: their own, or anyone's for an admin."""
    _allowed(actor, user_id)
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


def get_kinds(*, session: Session, user_id: int) -> dict[str, dict[str, bool]]:
    """Per channel, each kind it carries and whether it is on."""
    rows = session.scalars(
        select(NotificationKindPreference).where(NotificationKindPreference.user_id == user_id)
    )
    stored = {(r.channel, r.template): r.enabled for r in rows}
    return {
        channel: {kind: stored.get((channel, kind), True) for kind in kinds}
        for channel, kinds in OFFERED.items()
    }


def update_kinds(
    *, session: Session, actor: Actor, user_id: int, changes: Mapping[str, Mapping[str, bool]]
) -> dict[str, dict[str, bool]]:
    """Turn kinds of message on or off per channel; every pair is checked before any is saved."""
    _allowed(actor, user_id)
    for channel, kinds in changes.items():
        if channel not in OFFERED:
            raise Invalid(
                f"Canal desconocido: {channel[:20]}; los canales son: {', '.join(PERSONAL)}.",
                field="channel",
            )
        unknown = sorted(set(kinds) - set(OFFERED[channel]))
        if unknown:
            raise Invalid(
                f"Tipo de aviso desconocido para {channel}: {', '.join(u[:30] for u in unknown)}; "
                f"los tipos son: {', '.join(OFFERED[channel])}.",
                field="kind",
            )
    for channel, kinds in changes.items():
        for kind, on in kinds.items():
            row = session.get(NotificationKindPreference, (user_id, channel, kind))
            if row is None:
                session.add(
                    NotificationKindPreference(
                        user_id=user_id, channel=channel, template=kind, enabled=on
                    )
                )
            else:
                row.enabled = on
    session.flush()
    return get_kinds(session=session, user_id=user_id)
