"""The editable fields of organs and areas — name, Teams webhook address, standing agenda
items — checked alike for the API, the pages and the spreadsheet import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from workflow.engine.errors import Invalid
from workflow.models import Area, Organ

NAME_MAX = 300
WEBHOOK_MAX = 1000
STANDING_MAX = 30
STANDING_ITEM_MAX = 1000
AREA_FIELDS = frozenset({"name", "teams_webhook_url"})
ORGAN_FIELDS = AREA_FIELDS | {"standing_items"}
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def apply(
    unit: Organ | Area,
    changes: Mapping[str, Any],
    *,
    fields: frozenset[str],
    allow_local_http: bool = False,
) -> None:
    """Check every field, then apply them all (a refused edit changes nothing)."""
    unknown = sorted(set(changes) - fields)
    if unknown:
        raise Invalid(f"No se puede editar {', '.join(unknown)}.", field=unknown[0])
    checked: dict[str, Any] = {}
    if "name" in changes:
        checked["name"] = name(changes["name"])
    if "teams_webhook_url" in changes:
        given = changes["teams_webhook_url"]
        checked["teams_webhook_url"] = (
            teams_webhook(str(given), allow_local_http=allow_local_http)
            if given is not None
            else None
        )
    if "standing_items" in changes:
        checked["standing_items"] = standing_items(changes["standing_items"] or [])
    for field, value in checked.items():
        setattr(unit, field, value)


def name(value: Any) -> str:
    text = str(value or "").strip()
    if not text or len(text) > NAME_MAX or not text.isprintable():
        raise Invalid(f"El nombre debe ser una línea de 1 a {NAME_MAX} caracteres.", field="name")
    return text


def teams_webhook(url: str, *, allow_local_http: bool = False) -> str:
    """A Teams Workflows webhook address: https, a host, no credentials, no spaces; bounded.

    `allow_local_http` (the setting `teams_allow_local_http`) also admits plain http to this
    machine only, for a receiver run by the tests or a developer."""
    url = url.strip()
    refusal = Invalid(
        "La dirección del webhook de Teams debe empezar con https://, nombrar un servidor, no "
        f"llevar espacios ni usuario y contraseña, y tener como máximo {WEBHOOK_MAX} caracteres.",
        field="teams_webhook_url",
    )
    if not url or len(url) > WEBHOOK_MAX or not url.isascii() or not url.isprintable():
        raise refusal
    if any(c.isspace() for c in url):
        raise refusal
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise refusal from None
    local_http = (
        allow_local_http and parts.scheme.lower() == "http" and parts.hostname in LOCAL_HOSTS
    )
    if not (parts.scheme.lower() == "https" or local_http):
        raise refusal
    if not parts.hostname or "@" in parts.netloc or port == 0:
        raise refusal
    return url


def without_signature(url: str | None) -> str | None:
    """A webhook address without its query string, where Workflows keeps the signature: what
    may be shown or exported."""
    return url.split("?")[0] if url else None


ADMIN_ONLY = frozenset({"teams_webhook_url", "standing_items"})
"""Fields only an admin sets (by `PATCH`, in the pages, or in an imported file)."""


def standing_items(values: Iterable[Any]) -> list[str]:
    """The organ's standing agenda items in order: blank lines dropped, each one line, bounded."""
    if isinstance(values, str):
        raise Invalid("Los puntos fijos deben ser una lista de textos.", field="standing_items")
    items = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(items) > STANDING_MAX:
        raise Invalid(
            f"Un órgano tiene como máximo {STANDING_MAX} puntos fijos en el orden del día.",
            field="standing_items",
        )
    for number, item in enumerate(items, start=1):
        if len(item) > STANDING_ITEM_MAX or not item.isprintable():
            raise Invalid(
                f"El punto fijo {number} debe ser una sola línea de hasta {STANDING_ITEM_MAX} "
                "caracteres.",
                field="standing_items",
            )
    return items
