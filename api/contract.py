"""The API as a contract: every operation's stable id, Spanish summary, tag and error
answers, declared in one table.

Routes stay thin: they say what they do; this table says how the outside world names it, and
`api.openapi_document` applies it to FastAPI's document. A route missing from the table still
works, but `tests/api/test_openapi_contract.py` fails and says what to add.
`python -m api.contract > tests/api/openapi.json` refreshes the copy that test compares
against, so a change of contract is a visible diff.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from fastapi.routing import APIRoute
from fastapi.utils import generate_unique_id


@dataclass(frozen=True)
class Operation:
    """One route as the contract names it. `errors` adds what the route's parameters do not
    tell: 403 (a role or scope check), 409 (a state or a duplicate), 429, 503. The rest is
    read from the route itself: 401 where a token is required, 404 where the path names
    something, 412 with `If-Match`, 400 and 413 with a body, 422 with any input."""

    method: str
    path: str
    summary: str
    tag: str
    errors: tuple[int, ...] = ()
    etag: bool = False
    """The 2xx answer carries an `ETag` header (the item's version, or a file's SHA-256)."""


TAGS: list[dict[str, str]] = [
    {"name": "sistema", "description": "Estado del servicio, métricas y obtención de un token."},
    {"name": "ciclos de vida", "description": "Estados y eventos de cada tipo de asunto."},
    {"name": "acuerdos", "description": "Acuerdos de los órganos colegiados y su seguimiento."},
    {"name": "convenios", "description": "Convenios, sus avances y sus actividades."},
    {"name": "actividades", "description": "Actividades comprometidas en los convenios."},
    {"name": "sesiones", "description": "Sesiones de los órganos, su orden del día y su acta."},
    {"name": "evidencias", "description": "Descarga de los archivos de evidencia de un avance."},
    {"name": "catálogos", "description": "Órganos, áreas y personas (administración)."},
    {"name": "mi cuenta", "description": "Los tokens personales de quien llama."},
    {
        "name": "importar y exportar",
        "description": "Importación (todo o nada) y exportación en CSV, XLSX o JSON.",
    },
    {"name": "informes", "description": "Informes de sesión y de avance, emitidos y por emitir."},
    {"name": "calendario", "description": "Días inhábiles, periodos y cálculo de días hábiles."},
    {
        "name": "calendario personal",
        "description": "El enlace iCalendar con los vencimientos de quien llama.",
    },
    {"name": "notificaciones", "description": "Avisos recibidos, canales y envíos fallidos."},
    {"name": "revisiones", "description": "Las revisiones programadas, ejecutadas a pedido."},
]

FORBIDDEN = (403,)
CONFLICT = (403, 409)

_ITEM_KINDS = (
    # path, tag, singular, plural, article
    ("agreements", "acuerdos", "acuerdo", "acuerdos", "un"),
    ("convenios", "convenios", "convenio", "convenios", "un"),
    ("activities", "actividades", "actividad", "actividades", "una"),
)
_UNITS = (
    ("organs", "órgano", "órganos", "un"),
    ("areas", "área", "áreas", "un"),
)


def _item_operations() -> dict[str, Operation]:
    """The six routes every kind of item shares (`api.routes.items`), and its import/export."""
    table: dict[str, Operation] = {}
    for path, tag, one, many, a in _ITEM_KINDS:
        base = f"/api/v1/{path}"
        table |= {
            f"{path}.list": Operation("GET", base, f"Listar {many}", tag),
            f"{path}.create": Operation("POST", base, f"Crear {a} {one}", tag, CONFLICT, True),
            f"{path}.get": Operation("GET", f"{base}/{{item_id}}", f"Detalle de {a} {one}", tag,
                                     etag=True),
            f"{path}.edit": Operation("PATCH", f"{base}/{{item_id}}",
                                      f"Editar los campos de {a} {one} (no su estado)", tag,
                                      CONFLICT, True),
            f"{path}.fire_event": Operation("POST", f"{base}/{{item_id}}/events",
                                            f"Aplicar un evento del ciclo de vida a {a} {one}",
                                            tag, CONFLICT, True),
            f"{path}.add_update": Operation("POST", f"{base}/{{item_id}}/updates",
                                            f"Registrar un avance de {a} {one} (JSON o multipart"
                                            " con archivo de evidencia)", tag, CONFLICT),
            f"{path}.import": Operation("POST", f"{base}/import",
                                        f"Importar {many} desde CSV o XLSX (todo o nada)",
                                        "importar y exportar", FORBIDDEN),
            f"{path}.export": Operation("GET", f"{base}/export",
                                        f"Exportar {many} (CSV, XLSX o JSON) con los filtros"
                                        " de la lista", "importar y exportar"),
        }  # fmt: skip
    for path, one, many, a in _UNITS:
        base = f"/api/v1/{path}"
        table |= {
            f"{path}.list": Operation("GET", base, f"Listar {many}", "catálogos"),
            f"{path}.create": Operation("POST", base, f"Crear {a} {one} (admin)", "catálogos",
                                        CONFLICT),
            f"{path}.edit": Operation("PATCH", f"{base}/{{code}}", f"Editar {a} {one} (admin)",
                                      "catálogos", CONFLICT),
            f"{path}.import": Operation("POST", f"{base}/import",
                                        f"Importar {many} desde CSV o XLSX (todo o nada)",
                                        "importar y exportar", FORBIDDEN),
            f"{path}.export": Operation("GET", f"{base}/export",
                                        f"Exportar {many} (CSV, XLSX o JSON)",
                                        "importar y exportar"),
        }  # fmt: skip
    return table


OPERATIONS: dict[str, Operation] = {
    "system.healthz": Operation("GET", "/healthz", "El proceso está en marcha", "sistema"),
    "system.readyz": Operation("GET", "/readyz", "La base de datos responde y está al día",
                               "sistema", (503,)),
    "system.metrics": Operation("GET", "/metrics", "Métricas en formato Prometheus", "sistema"),
    "auth.token": Operation("POST", "/api/v1/auth/token",
                            "Obtener un token con correo y contraseña", "sistema",
                            (401, 429)),
    "workflows.list": Operation("GET", "/api/v1/workflows", "Listar los ciclos de vida",
                                "ciclos de vida"),
    "workflows.get": Operation("GET", "/api/v1/workflows/{name}", "Detalle de un ciclo de vida",
                               "ciclos de vida"),
    "files.get": Operation("GET", "/api/v1/files/{file_id}", "Descargar un archivo de evidencia",
                           "evidencias", etag=True),
    **_item_operations(),
    "convenios.activities": Operation("GET", "/api/v1/convenios/{item_id}/activities",
                                      "Actividades de un convenio", "convenios"),
    "convenios.transparency": Operation("GET", "/api/v1/convenios/transparency",
                                        "Convenios suscritos en el formato de transparencia",
                                        "importar y exportar"),
    "users.list": Operation("GET", "/api/v1/users", "Listar personas (admin)", "catálogos",
                            FORBIDDEN),
    "users.create": Operation("POST", "/api/v1/users", "Dar de alta a una persona (admin)",
                              "catálogos", CONFLICT),
    "users.edit": Operation("PATCH", "/api/v1/users/{user_id}", "Editar una persona (admin)",
                            "catálogos", CONFLICT),
    "users.invite": Operation("POST", "/api/v1/users/{user_id}/invitation",
                              "Enlace para elegir contraseña (admin)", "catálogos", FORBIDDEN),
    "me.tokens.list": Operation("GET", "/api/v1/me/tokens", "Mis tokens personales",
                                "mi cuenta"),
    "me.tokens.create": Operation("POST", "/api/v1/me/tokens", "Crear un token personal",
                                  "mi cuenta"),
    "me.tokens.revoke": Operation("DELETE", "/api/v1/me/tokens/{token_id}",
                                  "Revocar uno de mis tokens", "mi cuenta"),
    "meetings.list": Operation("GET", "/api/v1/meetings", "Listar sesiones", "sesiones"),
    "meetings.create": Operation("POST", "/api/v1/meetings", "Crear una sesión", "sesiones",
                                 CONFLICT),
    "meetings.get": Operation("GET", "/api/v1/meetings/{meeting_id}", "Detalle de una sesión",
                              "sesiones", etag=True),
    "meetings.fire_minutes_event": Operation("POST", "/api/v1/meetings/{meeting_id}/minutes/events",
                                             "Aplicar un evento al acta de una sesión",
                                             "sesiones", CONFLICT, True),
    "reports.meeting": Operation("GET", "/api/v1/meetings/{meeting_id}/report",
                                 "Informe de seguimiento de una sesión (PDF, XLSX, CSV o JSON)",
                                 "informes", (503,), True),
    "reports.put_observations": Operation("PUT",
                                          "/api/v1/meetings/{meeting_id}/report/observations",
                                          "Guardar las observaciones del informe de una sesión",
                                          "informes", FORBIDDEN),
    "reports.issue": Operation("POST", "/api/v1/meetings/{meeting_id}/report/issue",
                               "Emitir una versión del informe de una sesión", "informes",
                               (403, 409, 503)),
    "reports.list_issued": Operation("GET", "/api/v1/meetings/{meeting_id}/report/issued",
                                     "Versiones emitidas del informe de una sesión", "informes"),
    "reports.get_issued": Operation("GET", "/api/v1/meetings/{meeting_id}/report/issued/{number}",
                                    "Descargar una versión emitida, tal como se emitió",
                                    "informes", etag=True),
    "reports.list_progress": Operation("GET", "/api/v1/convenios/{convenio_id}/progress-reports",
                                       "Informes de avance de un convenio", "informes"),
    "reports.issue_progress": Operation("POST", "/api/v1/convenios/{convenio_id}/progress-reports",
                                        "Emitir un informe de avance de un convenio",
                                        "informes", CONFLICT),
    "reports.get_progress": Operation("GET",
                                      "/api/v1/convenios/{convenio_id}/progress-reports/{number}",
                                      "Un informe de avance de un convenio", "informes", (503,)),
    "reports.next_agenda": Operation("GET", "/api/v1/organs/{code}/next-agenda",
                                     "Propuesta de orden del día de la próxima sesión",
                                     "informes"),
    "calendar_feed.get": Operation("GET", "/api/v1/me/calendar-feed",
                                   "Mi enlace de calendario", "calendario personal"),
    "calendar_feed.rotate": Operation("POST", "/api/v1/me/calendar-feed",
                                      "Crear o renovar mi enlace de calendario",
                                      "calendario personal"),
    "calendar_feed.revoke": Operation("DELETE", "/api/v1/me/calendar-feed",
                                      "Revocar mi enlace de calendario", "calendario personal"),
    "calendar_feed.ics": Operation("GET", "/calendario/{secret}.ics",
                                   "Mis vencimientos en formato iCalendar",
                                   "calendario personal"),
    "calendar.year": Operation("GET", "/api/v1/calendar", "El calendario de un año",
                               "calendario"),
    "calendar.add_business_days": Operation("GET", "/api/v1/calendar/business-days",
                                            "Sumar días hábiles", "calendario"),
    "calendar.days.list": Operation("GET", "/api/v1/calendar/days", "Días inhábiles declarados",
                                    "calendario"),
    "calendar.days.create": Operation("POST", "/api/v1/calendar/days", "Declarar día inhábil",
                                      "calendario", CONFLICT),
    "calendar.days.edit": Operation("PATCH", "/api/v1/calendar/days/{day}",
                                    "Corregir un día inhábil", "calendario", FORBIDDEN),
    "calendar.days.delete": Operation("DELETE", "/api/v1/calendar/days/{day}",
                                      "Quitar un día inhábil", "calendario", FORBIDDEN),
    "calendar.periods.list": Operation("GET", "/api/v1/calendar/periods",
                                       "Periodos de días corridos", "calendario"),
    "calendar.periods.create": Operation("POST", "/api/v1/calendar/periods", "Declarar periodo",
                                         "calendario", CONFLICT),
    "calendar.periods.edit": Operation("PATCH", "/api/v1/calendar/periods/{period_id}",
                                       "Corregir periodo", "calendario", CONFLICT),
    "calendar.periods.delete": Operation("DELETE", "/api/v1/calendar/periods/{period_id}",
                                         "Quitar periodo", "calendario", FORBIDDEN),
    "notifications.list": Operation("GET", "/api/v1/notifications",
                                    "Mis notificaciones (o el buzón)", "notificaciones",
                                    FORBIDDEN),
    "notifications.read_all": Operation("POST", "/api/v1/notifications/read",
                                        "Marcar todas como leídas", "notificaciones"),
    "notifications.retry_failed": Operation("POST", "/api/v1/notifications/retry-failed",
                                            "Reintentar todos los envíos fallidos",
                                            "notificaciones", FORBIDDEN),
    "notifications.preferences.get": Operation("GET", "/api/v1/notifications/preferences",
                                               "Mis canales", "notificaciones"),
    "notifications.preferences.put": Operation("PUT", "/api/v1/notifications/preferences",
                                               "Cambiar mis canales", "notificaciones"),
    "notifications.kinds.get": Operation("GET", "/api/v1/notifications/preferences/kinds",
                                         "Mis tipos de aviso por canal", "notificaciones"),
    "notifications.kinds.put": Operation("PUT", "/api/v1/notifications/preferences/kinds",
                                         "Cambiar mis tipos de aviso por canal",
                                         "notificaciones"),
    "notifications.read": Operation("POST", "/api/v1/notifications/{delivery_id}/read",
                                    "Marcar leída", "notificaciones"),
    "notifications.retry": Operation("POST", "/api/v1/notifications/{delivery_id}/retry",
                                     "Reintentar un envío", "notificaciones", CONFLICT),
    "checks.run": Operation("POST", "/api/v1/checks/run", "Ejecutar las revisiones ahora",
                            "revisiones", FORBIDDEN),
}  # fmt: skip
"""Operation id → how the contract names the route. Add a row for every new route."""

BY_ROUTE: dict[tuple[str, str], str] = {(o.method, o.path): i for i, o in OPERATIONS.items()}

HOW_TO_ADD = (
    "Añada una fila a OPERATIONS en api/contract.py (id estable como «agreements.fire_event», "
    "método, ruta, resumen en español, etiqueta y errores propios) y regenere la copia con "
    "`python -m api.contract > tests/api/openapi.json`."
)


def operation_id(route: APIRoute) -> str:
    """The table's id for `route` (FastAPI's `generate_unique_id_function`); a route not in the
    table keeps FastAPI's generated id, and the contract test names it."""
    for method in sorted(route.methods or ()):
        found = BY_ROUTE.get((method, route.path_format))
        if found is not None:
            return found
    return generate_unique_id(route)


def main() -> None:
    """Print the contract (`python -m api.contract > tests/api/openapi.json`)."""
    from api.app import create_app
    from api.openapi_document import comparable
    from workflow.runtime.settings import Settings

    settings = Settings(database_url="sqlite://", _env_file=None)
    sys.stdout.write(comparable(create_app(settings).openapi()))


if __name__ == "__main__":
    main()
