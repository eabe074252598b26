"""The one place where domain errors and invalid bodies become HTTP answers (SPEC §4)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import busy
from api.pages.errors import error_page, is_page_request, login_redirect
from api.pages.viewer import viewer_apart
from api.problems import ProblemResponse, problem
from api.schemas.common import PATTERN_SENTENCES
from workflow.engine.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotAuthenticated,
    NotFound,
    NotPermitted,
    StaleVersion,
    TransitionNotAllowed,
)
from workflow.runtime.duplicates import is_unique_violation

log = logging.getLogger("seguimiento.api")

STATUS: dict[type[DomainError], int] = {
    NotFound: 404,
    NotAuthenticated: 401,
    NotPermitted: 403,
    Invalid: 422,
    Conflict: 409,
    TransitionNotAllowed: 409,
    StaleVersion: 412,
}

PYDANTIC_ES: dict[str, str] = {
    "missing": "es obligatorio",
    "extra_forbidden": "no es un campo admitido",
    "date_from_datetime_parsing": "no es una fecha válida (use AAAA-MM-DD)",
    "date_parsing": "no es una fecha válida (use AAAA-MM-DD)",
    "date_type": "no es una fecha válida (use AAAA-MM-DD)",
    "time_parsing": "no es una hora válida (use HH:MM)",
    "time_type": "no es una hora válida (use HH:MM)",
    "int_parsing": "debe ser un número entero",
    "int_type": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "bool_parsing": "debe ser true o false",
    "bool_type": "debe ser true o false",
    "string_type": "debe ser texto",
    "list_type": "debe ser una lista",
    "string_too_short": "no puede estar vacío",
    "too_short": "no puede estar vacío",
    "string_too_long": "es demasiado largo",
    "too_long": "tiene demasiados elementos",
    "less_than_equal": "debe ser menor o igual que {le}",
    "greater_than_equal": "debe ser mayor o igual que {ge}",
    "string_pattern_mismatch": "no tiene el formato esperado",
    "value_error": "{msg}",
    "json_invalid": "el cuerpo no es JSON válido",
    "model_attributes_type": "debe ser un objeto JSON",
    "dict_type": "debe ser un objeto JSON",
    "model_type": "debe ser un objeto JSON",
}
"""Pydantic's error types, said in Spanish for the people who read the `detail`."""


class BodyTooLarge(StarletteHTTPException):
    """A request body over its route's limit, found while it was read (`api.body_limit`)."""

    def __init__(self, detail: str) -> None:
        super().__init__(413, detail)


def error_response(
    status: int,
    detail: str,
    code: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    *,
    instance: str | None = None,
) -> ProblemResponse:
    """A problem+json answer (`api.problems`); `instance` is the path the request named."""
    body = problem(status, detail, code, extra, instance=instance)
    return ProblemResponse(body, status_code=status, headers=headers)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "cuerpo"


def _sentence(error: dict[str, Any]) -> str:
    template = PYDANTIC_ES.get(error["type"])
    ctx = error.get("ctx") or {}
    if error["type"] == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_SENTENCES:
        template = PATTERN_SENTENCES[ctx["pattern"]]
    if template is None:
        return f"«{_field(error['loc'])}»: {error['msg']}"
    message = template.format(
        msg=str(ctx.get("error", error["msg"])).removeprefix("Value error, "), **ctx
    )
    if error["type"] == "json_invalid":
        return message[0].upper() + message[1:]
    return f"«{_field(error['loc'])}» {message}"


def invalid_field(exc: ValidationError, label: str) -> Invalid:
    """A refused value of a page form as the workflow's `Invalid`, said with the form's label,
    so the form is shown again with the same sentence the API would answer."""
    error = dict(exc.errors(include_url=False)[0])
    return Invalid(_sentence({**error, "loc": (label,)}) + ".")


async def signed_error_page(request: Request, status: int, detail: str) -> Response:
    """The error page with the header, menu and notifications of whoever is signed in (a 404
    is still the person's app); their session is read apart, off the event loop."""
    if status == 401:
        return login_redirect(request)
    viewer = await run_in_threadpool(viewer_apart, request)
    return error_page(request, status, detail, viewer)


def install(app: FastAPI) -> None:
    """Register the handlers; every error body is problem+json with `detail` and `code`."""
    busy.install(app)  # 503 + Retry-After: database locked, pool exhausted, too many PDFs

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        if is_page_request(request):
            return await signed_error_page(request, status, exc.detail)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        response = error_response(
            status, exc.detail, exc.code, exc.extra, instance=request.url.path
        )
        if headers:
            response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_body(request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        sentences = [_sentence(dict(e)) for e in errors]
        if is_page_request(request):
            return await signed_error_page(
                request, 422, "Datos no válidos: " + "; ".join(sentences) + "."
            )
        return error_response(
            422,
            "Datos no válidos: " + "; ".join(sentences) + ".",
            "invalid",
            {
                "errors": [
                    {"field": _field(tuple(e["loc"])), "message": s}
                    for e, s in zip(errors, sentences, strict=True)
                ]
            },
            instance=request.url.path,
        )

    @app.exception_handler(BodyTooLarge)
    async def body_too_large(request: Request, exc: BodyTooLarge) -> Response:
        if is_page_request(request):
            return await signed_error_page(request, 413, exc.detail)
        return error_response(
            413, exc.detail, "too_large", headers={"Connection": "close"}, instance=request.url.path
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = "No existe esa dirección."
        elif exc.status_code == 405:
            detail = "Método no permitido en esta dirección."
        elif detail == "There was an error parsing the body":
            detail = "No se pudo leer el cuerpo: no es JSON válido o está anidado en exceso."
        if is_page_request(request):
            return await signed_error_page(request, exc.status_code, detail)
        response = error_response(
            exc.status_code, detail, f"http_{exc.status_code}", instance=request.url.path
        )
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        """A bug, not the caller's fault: logged with its traceback, answered in the same shape."""
        log.exception("Error no previsto en %s %s", request.method, request.url.path)
        detail = "Ocurrió un error interno; nada de lo enviado se guardó. Intente de nuevo."
        if is_page_request(request):
            return await signed_error_page(request, 500, detail)
        return error_response(500, detail, "internal", instance=request.url.path)

    @app.exception_handler(IntegrityError)
    async def duplicate(request: Request, exc: IntegrityError) -> Response:
        """A unique constraint refused a row a service did not guard (services name what exists
        themselves): a concurrent request created it first; 409, not a 500."""
        if not is_unique_violation(exc):
            return await unexpected(request, exc)
        log.warning("Registro duplicado en %s %s: %s", request.method, request.url.path, exc.orig)
        detail = "Ya existe un registro con esos datos (otra solicitud lo creó); nada se guardó."
        if is_page_request(request):
            return await signed_error_page(request, 409, detail)
        return error_response(409, detail, "conflict", instance=request.url.path)
