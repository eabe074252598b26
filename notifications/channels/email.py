"""E-mail over SMTP (settings `SMTP_*`): plain connection, STARTTLS or implicit TLS, optional
login. A multipart/alternative message with the text and HTML parts.

A refusal with a 5xx code for the recipient or the content is permanent; everything else
(the server is down or slow, a 4xx, a login problem that an admin can fix) is retried. The
reason goes to `last_error` as a Spanish sentence (`notifications.failures`), with the technical
detail after it.
"""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from notifications import failures
from notifications.channels import SENT, Outcome, Outgoing, give_up, retry
from workflow.runtime.settings import Settings

OFF = (
    "Correo desactivado: no se configuró SEGUIMIENTO_SMTP_HOST; los avisos llegan solo a la "
    "bandeja del sistema (y a Teams donde haya un canal)."
)
"""What `serve` and `scheduler` say once at start when there is no mail server."""

DELIVERY_HEADER = "X-Seguimiento-Delivery"
"""The delivery id, so a receiving end (or a test) can tell a resend from a new message."""


def build(delivery: Outgoing, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = delivery.subject
    message["From"] = sender(settings)
    message["To"] = Address(display_name=delivery.recipient_name, addr_spec=delivery.address)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"delivery-{delivery.id}")
    message[DELIVERY_HEADER] = str(delivery.id)
    message.set_content(delivery.body_text)
    if delivery.body_html:
        message.add_alternative(delivery.body_html, subtype="html")
    return message


def sender(settings: Settings) -> str:
    """`Seguimiento de acuerdos <seguimiento@…>`: the name from settings, the address after it."""
    return formataddr((settings.smtp_from_name, settings.smtp_from))


def _connect(settings: Settings) -> smtplib.SMTP:
    host = settings.smtp_host or ""
    if settings.smtp_ssl:
        return smtplib.SMTP_SSL(
            host,
            settings.smtp_port,
            timeout=settings.smtp_timeout,
            context=ssl.create_default_context(),
        )
    smtp = smtplib.SMTP(host, settings.smtp_port, timeout=settings.smtp_timeout)
    if settings.smtp_starttls:
        smtp.starttls(context=ssl.create_default_context())
    return smtp


def send(delivery: Outgoing, settings: Settings) -> Outcome:
    """One message over a connection of its own (the one-pass `dispatch`)."""
    with Connection(settings) as connection:
        return connection.send(delivery)


class Connection:
    """One SMTP session reused for every message of a batch: opened at the first send, closed
    (QUIT) at the end, and reopened at the next send after the server dropped it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> smtplib.SMTP:
        if self.smtp is None:
            smtp = _connect(self.settings)
            if self.settings.smtp_user:
                password = self.settings.smtp_password
                try:
                    smtp.login(
                        self.settings.smtp_user, password.get_secret_value() if password else ""
                    )
                except BaseException:
                    smtp.close()
                    raise
            self.smtp = smtp
        return self.smtp

    def close(self) -> None:
        smtp, self.smtp = self.smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    def send(self, delivery: Outgoing) -> Outcome:
        try:
            message = build(delivery, self.settings)
        except (ValueError, IndexError) as exc:
            return give_up(failures.bad_address(delivery.address, exc))
        try:
            self._open().send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            said = "; ".join(f"{c} {_text(m)}" for c, m in exc.recipients.values())
            if codes and all(c >= 500 for c in codes):
                return give_up(failures.recipient_refused(said, for_good=True))
            return retry(failures.recipient_refused(said, for_good=False))
        except smtplib.SMTPDataError as exc:
            said = f"{exc.smtp_code} {_text(exc.smtp_error)}"
            if exc.smtp_code >= 500:
                return give_up(failures.message_refused(said, for_good=True))
            return retry(failures.message_refused(said, for_good=False))
        except (smtplib.SMTPException, OSError) as exc:
            self.close()  # the session is in an unknown state: the next send opens a new one
            return retry(unreachable(exc, self.settings))
        return SENT


def unreachable(exc: BaseException, settings: Settings) -> str:
    """Why the server could not take the message, for the admin who reads the outbox."""
    return failures.smtp_unreachable(
        exc,
        host=settings.smtp_host or "",
        port=settings.smtp_port,
        timeout=settings.smtp_timeout,
        sender=settings.smtp_from,
    )


def _text(said: bytes | str) -> str:
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
