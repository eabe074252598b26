"""The invitation e-mail goes through the outbox and a real SMTP server like every message."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from notifications import dispatcher, invitation_mail
from tests.factories import ADMIN, Factory
from tests.mailserver import Mailbox
from workflow.models import Delivery
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings


def test_the_invitation_mail_carries_the_link_and_its_expiry(
    make: Factory,
    session: Session,
    mail_settings: Settings,
    mailbox: Mailbox,
    factory: sessionmaker[Session],
    clock: Clock,
) -> None:
    person = make.person("member")
    issued = invitation_mail.invite(
        session=session,
        actor=ADMIN,
        settings=mail_settings,
        user_id=person.user.id,
        now=clock.now(),
    )
    session.flush()
    report = dispatcher.run(factory=factory, settings=mail_settings, clock=clock)
    assert report.counts["sent"] == 1
    [message] = mailbox.messages
    assert mailbox.recipients == [[person.user.email]]
    assert message["Subject"] == "Elija su contraseña de Seguimiento"
    text = message.get_body(("plain",))
    assert text is not None
    body = text.get_content()  # type: ignore[attr-defined]
    assert f"http://seguimiento.test/invitacion/{issued.secret}" in body
    assert "caduca el 31 de mayo de 2024" in body  # seven days after 24 May


def test_without_a_mail_server_the_invitation_is_not_queued(
    make: Factory, session: Session, settings: Settings, clock: Clock
) -> None:
    off = settings.model_copy(update={"smtp_host": ""})
    person = make.person("member")
    issued = invitation_mail.invite(
        session=session, actor=ADMIN, settings=off, user_id=person.user.id, now=clock.now()
    )
    assert issued.secret, "the link is still made, for the administrator to hand over"
    assert session.scalar(select(func.count()).where(Delivery.kind == "invitation")) == 0
