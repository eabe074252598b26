"""Error answers as RFC 9457 problem details (`application/problem+json`).

Every error body is `{"type", "title", "status", "detail", "instance", "code", ...}`: the five
members of the RFC, plus our stable machine `code` and whatever the error adds (`state` and
`allowed_events` for a refused event, `errors` for invalid fields). `detail` and `code` were
there before the RFC shape and stay, so clients that read them keep working.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"

TYPE = "about:blank"
"""The RFC's "no further semantics than the status": `code` tells the cases apart."""

TITLES: dict[int, str] = {
    400: "Solicitud incorrecta",
    401: "No autenticado",
    403: "Prohibido",
    404: "No encontrado",
    405: "Método no permitido",
    409: "Conflicto",
    412: "Versión desactualizada",
    413: "Contenido demasiado grande",
    415: "Tipo de contenido no admitido",
    422: "Datos no válidos",
    428: "Falta la versión esperada",
    429: "Demasiadas solicitudes",
    500: "Error interno",
    503: "Servicio no disponible",
}
"""The status phrase, localised as the RFC allows for `about:blank`."""


class ProblemResponse(JSONResponse):
    media_type = MEDIA_TYPE


def title(status: int) -> str:
    return TITLES.get(status, "Error")


def problem(
    status: int,
    detail: str,
    code: str,
    extra: dict[str, Any] | None = None,
    *,
    instance: str | None = None,
) -> dict[str, Any]:
    """The body; `extra` fields never overwrite the RFC's members, `detail` or `code`."""
    body: dict[str, Any] = {
        **(extra or {}),
        "type": TYPE,
        "title": title(status),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if instance is not None:
        body["instance"] = instance
    return body
