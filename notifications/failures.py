"""Why a delivery failed, as a short Spanish sentence an admin understands, with the technical
detail kept apart: every reason a channel gives is written here, in one place.

A delivery's `last_error` holds the sentence, then, on its own line after `DETAIL`, what the
server or the exception said; the outbox page shows the sentence and folds the detail away.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass

DETAIL = "\nDetalle técnico: "
RETRIED = " Se reintentará."


@dataclass(frozen=True)
class Reason:
    """A stored `last_error` read back: the sentence, and the technical detail if any."""

    sentence: str
    detail: str


def written(sentence: str, detail: str | None = None) -> str:
    """What goes into `last_error`: the sentence, and the detail on a line of its own."""
    return sentence + (DETAIL + detail.replace("\n", " ") if detail else "")


def read(last_error: str | None) -> Reason | None:
    """A stored reason as sentence and detail (older rows have no detail line)."""
    if not last_error:
        return None
    sentence, _, detail = last_error.partition(DETAIL)
    return Reason(sentence=sentence.strip(), detail=detail.strip())


def smtp_unreachable(
    exc: BaseException, *, host: str, port: int, timeout: float, sender: str
) -> str:
    """The mail server could not take the message; all of these pass (the server comes back,
    an admin fixes the settings), so they are retried."""
    where = f"{host}:{port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        why = (
            "El servidor de correo no aceptó el usuario y la contraseña (SMTP_USER, SMTP_PASSWORD)."
        )
    elif isinstance(exc, smtplib.SMTPSenderRefused):
        why = f"El servidor de correo no aceptó el remitente {sender} (SMTP_FROM)."
    elif isinstance(exc, smtplib.SMTPResponseException):
        why = f"El servidor de correo respondió con un error ({exc.smtp_code})."
    elif isinstance(exc, smtplib.SMTPServerDisconnected):
        why = f"El servidor de correo {where} cortó la conexión antes de terminar."
    elif isinstance(exc, ConnectionRefusedError):
        why = f"El servidor de correo {where} rechazó la conexión: no está escuchando."
    elif isinstance(exc, TimeoutError):
        why = f"El servidor de correo {where} no respondió en {timeout:g} s."
    elif isinstance(exc, socket.gaierror):
        why = f"No se encontró el servidor de correo {host} (SMTP_HOST)."
    elif isinstance(exc, ssl.SSLError):
        why = f"Falló la conexión cifrada (TLS) con el servidor de correo {where}."
    elif isinstance(exc, OSError):
        why = f"No se pudo conectar con el servidor de correo {where}."
    else:
        why = "El servidor de correo no pudo recibir el mensaje."
    return written(why + RETRIED, f"{exc.__class__.__name__}: {exc}")


def bad_address(address: str, exc: BaseException) -> str:
    return written(f"La dirección de correo «{address}» no es válida.", str(exc))


def recipient_refused(said: str, *, for_good: bool) -> str:
    if for_good:
        return written("El servidor de correo rechazó al destinatario.", said)
    return written("El servidor de correo no aceptó por ahora al destinatario." + RETRIED, said)


def message_refused(said: str, *, for_good: bool) -> str:
    if for_good:
        return written("El servidor de correo rechazó el mensaje.", said)
    return written("El servidor de correo no aceptó el mensaje por ahora." + RETRIED, said)


def no_card() -> str:
    return written("El aviso para Teams no tiene tarjeta que enviar.")


def webhook_timeout(host: str, timeout: float, exc: BaseException) -> str:
    return written(
        f"Teams ({host}) no respondió en {timeout:g} s." + RETRIED, exc.__class__.__name__
    )


def webhook_unreachable(host: str, exc: BaseException) -> str:
    return written(
        f"No se pudo conectar con Teams ({host})." + RETRIED, f"{exc.__class__.__name__}: {exc}"
    )


def webhook_status(status: int, body: str = "", wait: float | None = None) -> str:
    """What a Workflows webhook's HTTP status means for whoever configured it."""
    detail = f"HTTP {status}" + (f": {body[:300]}" if body else "")
    if status == 429:
        when = f" en {wait:g} s" if wait is not None else ""
        return written(f"Teams pidió esperar (429). Se reintentará{when}.", detail)
    if status in (404, 410):
        return written(
            f"El webhook de Teams ya no existe ({status}): pida a quien lo creó uno nuevo.", detail
        )
    if status in (401, 403):
        return written(f"Teams no autorizó el envío al webhook ({status}).", detail)
    if status == 408 or status >= 500:
        return written(f"Teams respondió con un error pasajero ({status})." + RETRIED, detail)
    return written(f"Teams rechazó el mensaje ({status}): revise la dirección del webhook.", detail)


def unexpected(exc: BaseException) -> str:
    return written(
        "Falla inesperada al enviar; se reintentará.", f"{exc.__class__.__name__}: {exc}"
    )
