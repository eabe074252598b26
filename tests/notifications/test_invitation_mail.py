"""The invitation e-mail goes through the outbox and a real SMTP server like every message."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from notifications import dispatcher, invitation_mail
from tests.factories import ADMIN, Factory
from tests.mailserver import Mailbox
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
