"""The figures `/metrics` publishes for Prometheus, incremented where things happen.

Each process keeps its own counters (Prometheus scrapes every process); the outbox depth is read
from the database at scrape time, so every process reports the same shared queue.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter(
    "seguimiento_http_requests",
    "Peticiones HTTP atendidas, por método, ruta (su plantilla) y código de estado.",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "seguimiento_http_request_duration_seconds",
    "Duración de las peticiones HTTP, por método y ruta.",
    ["method", "route"],
)
FIRED = Counter(
    "seguimiento_events_fired",
    "Eventos de ciclo de vida aplicados (fire), por ciclo de vida y evento.",
    ["lifecycle", "event"],
)
CHECK_SECONDS = Histogram(
    "seguimiento_check_duration_seconds",
    "Duración de cada trabajo programado: la revisión diaria, el reparto y el envío.",
    ["job"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300),
)
LEADER = Gauge(
    "seguimiento_scheduler_leader",
    "1 mientras este proceso es el programador activo (tiene el candado); 0 si espera.",
)
OUTBOX = Gauge(
    "seguimiento_outbox_messages",
    "Mensajes en la bandeja de salida, por estado y canal (leído de la base al consultar).",
    ["status", "channel"],
)
