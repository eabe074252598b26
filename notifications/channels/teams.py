"""Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"),
posting an Adaptive Card; the retired Office 365 connectors are not supported.

429 is honoured with its `Retry-After`, within [1 s, 1 h]; 404 and 410 mean the webhook is
gone (permanent); other 4xx are permanent too (the card or URL is wrong); 5xx and network
errors are retried.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from notifications import failures
from notifications.channels import SENT, Outcome, Outgoing, give_up, retry
from workflow.runtime.settings import Settings

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def adaptive_card(
    *, title: str, summary: str, facts: list[tuple[str, str]], link: str
) -> dict[str, Any]:
    """An Adaptive Card 1.4: the title, one sentence, the item's facts and a button to it."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": title, "weight": "Bolder", "size": "Medium", "wrap": True},
        {"type": "TextBlock", "text": summary, "wrap": True},
    ]
    if facts:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in facts]})
    return {
        "$schema": CARD_SCHEMA,
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": "Abrir en el sistema", "url": link}],
    }


def envelope(card: dict[str, Any]) -> dict[str, Any]:
    """The message shape a Workflows webhook expects around a card."""
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


RETRY_AFTER_MIN = 1.0
RETRY_AFTER_MAX = 3600.0
"""A `Retry-After` is honoured within [1 s, 1 h]: a header that asks for years (or for the
past) must not park a message or hammer the webhook."""


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """`Retry-After` in seconds, given as a number or as an HTTP date, clamped to
    [`RETRY_AFTER_MIN`, `RETRY_AFTER_MAX`]; `None` (use the backoff) when it is not readable."""
    if not value:
        return None
    value = value.strip()
    seconds: float | None
    if value.isascii() and value.isdigit():
        seconds = float(value) if len(value) < 10 else RETRY_AFTER_MAX
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, OverflowError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, RETRY_AFTER_MIN), RETRY_AFTER_MAX)


def send(delivery: Outgoing, settings: Settings) -> Outcome:
    if delivery.card is None:
        return give_up(failures.no_card())
    host = urlsplit(delivery.address).hostname or "?"
    try:
        response = httpx.post(
            delivery.address, json=envelope(delivery.card), timeout=settings.teams_timeout
        )
    except httpx.TimeoutException as exc:
        return retry(failures.webhook_timeout(host, settings.teams_timeout, exc))
    except httpx.HTTPError as exc:
        return retry(failures.webhook_unreachable(host, exc))
    status = response.status_code
    if 200 <= status < 300:
        return SENT
    if status == 429:
        wait = retry_after(response.headers.get("Retry-After"))
        return retry(failures.webhook_status(status, wait=wait), wait)
    if status == 408 or status >= 500:
        return retry(failures.webhook_status(status, response.text))
    # 404 and 410: the webhook is gone; other 4xx: the card or the address is wrong
    return give_up(failures.webhook_status(status, response.text))


TEST_CARD_TIMEOUT_MAX = 10.0
"""A person waits for the test card's answer: never longer than this, whatever the setting."""


def send_test_card(*, url: str, unit_name: str, link: str, settings: Settings) -> str | None:
    """Post a test card to `url` now; None when the webhook took it, else why not (Spanish).

    Not a delivery: nothing is queued or retried, so its errors never say «Se reintentará»."""
    card = adaptive_card(
        title="Tarjeta de prueba de Seguimiento",
        summary=f"Si ve esta tarjeta, los avisos de {unit_name} llegarán a este canal de Teams.",
        facts=[],
        link=link,
    )
    host = urlsplit(url).hostname or "?"
    timeout = min(settings.teams_timeout, TEST_CARD_TIMEOUT_MAX)
    try:
        response = httpx.post(url, json=envelope(card), timeout=timeout)
    except httpx.TimeoutException:
        return f"El webhook ({host}) no respondió en {timeout:g} s."
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return f"No se pudo conectar con el webhook ({host}): {exc.__class__.__name__}."
    status = response.status_code
    if 200 <= status < 300:
        return None
    if status in (404, 410):
        return f"El webhook de Teams no existe ({status}): revise la dirección copiada del flujo."
    if status == 429:
        return "Teams pidió esperar (429): inténtelo de nuevo en unos minutos."
    return f"El webhook respondió con el código {status}: {response.text[:200]}"
