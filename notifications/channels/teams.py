"""Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"),
posting an Adaptive Card; the retired Office 365 connectors are not supported.

429 is honoured with its `Retry-After`; 404 and 410 mean the webhook is gone (permanent);
other 4xx are permanent too (the card or URL is wrong); 5xx and network errors are retried.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from notifications.channels import SENT, Outcome, Outgoing, give_up, retry
from workflow.settings import Settings

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


def retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds, whether given as a number or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def send(delivery: Outgoing, settings: Settings) -> Outcome:
    if delivery.card is None:
        return give_up("La entrega de Teams no tiene tarjeta.")
    try:
        response = httpx.post(
            delivery.address, json=envelope(delivery.card), timeout=settings.teams_timeout
        )
    except httpx.HTTPError as exc:
        return retry(f"Teams no respondió: {exc.__class__.__name__}: {exc}")
    status = response.status_code
    if 200 <= status < 300:
        return SENT
    if status == 429:
        return retry("Teams pidió esperar (429).", retry_after(response.headers.get("Retry-After")))
    if status in (404, 410):
        return give_up(f"El webhook de Teams ya no existe ({status}).")
    if status == 408 or status >= 500:
        return retry(f"Teams respondió {status}.")
    return give_up(f"Teams rechazó el mensaje ({status}): {response.text[:300]}")
