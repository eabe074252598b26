"""The e-mail that carries an invitation link, queued in the outbox like every other message.

The dispatcher sends it with the same retries; the administrator who made the link sees it on
the page as well, so a person whose mail does not arrive can still be given it by hand.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from notifications.messages import environment
from states.dates_es import long_date
from workflow.directory import invitations
from workflow.engine.actors import Actor
from workflow.models import Delivery, Invitation, User
from workflow.runtime.settings import Settings

KIND = "invitation"


def invite(
    *, session: Session, actor: Actor, settings: Settings, user_id: int, now: datetime
) -> invitations.Issued:
    """An admin's new link for a person (earlier ones stop working), e-mailed to them; the
    caller shows it too, since mail may not arrive. The mail says "reset" to a person who
    already has a password, "welcome" to one who has none."""
    issued = invitations.issue(session=session, actor=actor, user_id=user_id, now=now)
    reset = issued.user.password_hash is not None
    queue(
        session=session,
        settings=settings,
        user=issued.user,
        invitation=issued.invitation,
        secret=issued.secret,
        reset=reset,
        now=now,
    )
    return issued


def link(settings: Settings, secret: str) -> str:
    return f"{settings.base_url.rstrip('/')}/invitacion/{secret}"


def queue(
    *,
    session: Session,
    settings: Settings,
    user: User,
    invitation: Invitation,
    secret: str,
    reset: bool,
    now: datetime,
) -> Delivery | None:
    """One e-mail delivery to the person, due now; none when e-mail is off (no mail server):
    the administrator hands over the link the page shows."""
    if not settings.email_on:
        return None
    expires = invitation.expires_at.astimezone(settings.tz)
    text = (
        environment(settings.tz)
        .get_template("invitation.txt")
        .render(
            name=user.name,
            email=user.email,
            link=link(settings, secret),
            expires=f"{long_date(expires.date())} a las {expires:%H:%M}",
            reset=reset,
            institution=settings.institution_name,
        )
    )
    subject = (
        "Restablezca su contraseña de Seguimiento"
        if reset
        else "Elija su contraseña de Seguimiento"
    )
    row = Delivery(
        key=f"{KIND}:{invitation.id}",
        channel="email",
        user_id=user.id,
        address=user.email,
        recipient_name=user.name,
        kind=KIND,
        subject=subject,
        body_text=text,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row
