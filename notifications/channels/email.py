"""E-mail over SMTP (settings `SMTP_*`): plain connection, STARTTLS or implicit TLS, optional
login. A multipart/alternative message with the text and HTML parts.

A refusal with a 5xx code for the recipient or the content is permanent; everything else
(the server is down or slow, a 4xx, a login problem that an admin can fix) is retried. The
reason goes to `last_error` as a Spanish sentence, with the technical detail after it.
"""

from __future__ import annotations

import smtplib
import socket
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
        said = "; ".join(f"{c} {_text(m)}" for c, m in exc.recipients.values())
        if codes and all(c >= 500 for c in codes):
            return give_up(f"El servidor de correo rechazó al destinatario ({said}).")
        return retry(f"El servidor de correo no aceptó por ahora al destinatario ({said}).")
    except smtplib.SMTPDataError as exc:
        said = f"{exc.smtp_code} {_text(exc.smtp_error)}"
        if exc.smtp_code >= 500:
            return give_up(f"El servidor de correo rechazó el mensaje ({said}).")
        return retry(f"El servidor de correo no aceptó el mensaje por ahora ({said}).")
    except (smtplib.SMTPException, OSError) as exc:
        return retry(unreachable(exc, settings))
    return SENT


def unreachable(exc: BaseException, settings: Settings) -> str:
    """Why the server could not take the message, for the admin who reads the outbox; all of
    these pass (the server comes back, an admin fixes the settings), so they are retried."""
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    detail = f"{exc.__class__.__name__}: {exc}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        why = (
            "El servidor de correo no aceptó el usuario y la contraseña (SMTP_USER, SMTP_PASSWORD)."
        )
    elif isinstance(exc, smtplib.SMTPSenderRefused):
        why = f"El servidor de correo no aceptó el remitente {settings.smtp_from} (SMTP_FROM)."
    elif isinstance(exc, smtplib.SMTPResponseException):
        why = f"El servidor de correo respondió con un error ({exc.smtp_code})."
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        why = f"El servidor de correo {where} cortó la conexión antes de terminar."
    elif isinstance(exc, ConnectionRefusedError):
        why = f"El servidor de correo {where} rechazó la conexión: no está escuchando."
    elif isinstance(exc, TimeoutError):
        why = f"El servidor de correo {where} no respondió en {settings.smtp_timeout:g} s."
    elif isinstance(exc, socket.gaierror):
        why = f"No se encontró el servidor de correo {settings.smtp_host} (SMTP_HOST)."
    elif isinstance(exc, ssl.SSLError):
        why = f"Falló la conexión cifrada (TLS) con el servidor de correo {where}."
    elif isinstance(exc, OSError):
        why = f"No se pudo conectar con el servidor de correo {where}."
    else:
        why = "El servidor de correo no pudo recibir el mensaje."
    return f"{why} Se reintentará. ({detail})"


def _text(said: bytes | str) -> str:
    return said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
