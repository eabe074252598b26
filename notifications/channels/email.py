"""E-mail over SMTP (settings `SMTP_*`): plain connection, STARTTLS or implicit TLS, optional
login. A multipart/alternative message with the text and HTML parts.

A refusal with a 5xx code for the recipient or the content is permanent; everything else
(the server is down, a 4xx, a login problem that an admin can fix) is retried.
"""

from __future__ import annotations

import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from notifications.channels import SENT, Outcome, Outgoing, give_up, retry
from workflow.settings import Settings

DELIVERY_HEADER = "X-Seguimiento-Delivery"
"""The delivery id, so a receiving end (or a test) can tell a resend from a new message."""


def build(delivery: Outgoing, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = delivery.subject
    message["From"] = settings.smtp_from
    message["To"] = Address(display_name=delivery.recipient_name, addr_spec=delivery.address)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"delivery-{delivery.id}")
    message[DELIVERY_HEADER] = str(delivery.id)
    message.set_content(delivery.body_text)
    if delivery.body_html:
        message.add_alternative(delivery.body_html, subtype="html")
    return message


def _connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_ssl:
        return smtplib.SMTP_SSL(
            settings.smtp_host,
            settings.smtp_port,
            timeout=settings.smtp_timeout,
            context=ssl.create_default_context(),
        )
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
    if settings.smtp_starttls:
        smtp.starttls(context=ssl.create_default_context())
    return smtp


def send(delivery: Outgoing, settings: Settings) -> Outcome:
    try:
        message = build(delivery, settings)
    except (ValueError, IndexError) as exc:
        return give_up(f"Dirección de correo no válida: {delivery.address} ({exc})")
    try:
        with _connect(settings) as smtp:
            if settings.smtp_user:
                password = (
                    settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                )
                smtp.login(settings.smtp_user, password)
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        error = f"El servidor rechazó al destinatario: {exc.recipients}"
        return give_up(error) if codes and all(c >= 500 for c in codes) else retry(error)
    except smtplib.SMTPDataError as exc:
        error = f"El servidor rechazó el mensaje ({exc.smtp_code}): {exc.smtp_error!r}"
        return give_up(error) if exc.smtp_code >= 500 else retry(error)
    except (smtplib.SMTPException, OSError) as exc:
        return retry(f"No se pudo enviar por SMTP: {exc.__class__.__name__}: {exc}")
    return SENT
