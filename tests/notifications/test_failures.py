"""Why a delivery failed, said in one short Spanish sentence, with the technical detail apart."""

from __future__ import annotations

import smtplib
import socket

import httpx

from notifications import failures


def test_a_refused_or_silent_mail_server_is_one_sentence_and_the_detail_apart() -> None:
    where = {"host": "correo.ejemplo.mx", "port": 25, "timeout": 10.0, "sender": "a@b.mx"}
    refused = failures.read(
        failures.smtp_unreachable(ConnectionRefusedError(111, "Connection refused"), **where)
    )
    assert refused is not None
    assert refused.sentence == (
        "El servidor de correo correo.ejemplo.mx:25 rechazó la conexión: no está escuchando. "
        "Se reintentará."
    )
    assert refused.detail == "ConnectionRefusedError: [Errno 111] Connection refused"
    silent = failures.read(failures.smtp_unreachable(TimeoutError("timed out"), **where))
    assert silent is not None and "no respondió en 10 s" in silent.sentence
    unknown = failures.read(failures.smtp_unreachable(socket.gaierror(-2, "Name unknown"), **where))
    assert unknown is not None and unknown.sentence.startswith("No se encontró el servidor")
    login = failures.smtp_unreachable(smtplib.SMTPAuthenticationError(535, b"bad"), **where)
    assert login.startswith("El servidor de correo no aceptó el usuario y la contraseña")


def test_a_webhook_status_is_said_for_whoever_configured_it() -> None:
    def sentence(text: str) -> str:
        reason = failures.read(text)
        assert reason is not None
        return reason.sentence

    assert sentence(failures.webhook_status(404)).startswith("El webhook de Teams ya no existe")
    assert sentence(failures.webhook_status(403)) == "Teams no autorizó el envío al webhook (403)."
    assert "revise la dirección del webhook" in sentence(failures.webhook_status(400, "{}"))
    assert "error pasajero (503). Se reintentará." in sentence(failures.webhook_status(503))
    assert sentence(failures.webhook_status(429, wait=30)) == (
        "Teams pidió esperar (429). Se reintentará en 30 s."
    )
    slow = failures.read(failures.webhook_timeout("prod.example.com", 5, httpx.ReadTimeout("read")))
    assert slow == failures.Reason(
        "Teams (prod.example.com) no respondió en 5 s. Se reintentará.", "ReadTimeout"
    )


def test_a_reason_written_before_the_detail_line_reads_whole() -> None:
    assert failures.read("550 rechazado") == failures.Reason("550 rechazado", "")
    assert failures.read(None) is None and failures.read("") is None
    multi = failures.written("Frase.", "línea 1\nlínea 2")
    assert failures.read(multi) == failures.Reason("Frase.", "línea 1 línea 2")
