"""The OpenAPI document as the contract table (`api.contract`) says it: stable ids, Spanish
summaries and tags, each route's own error answers as problem+json, and `ETag` headers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from api.contract import BY_ROUTE, OPERATIONS, TAGS
from api.pages.errors import API_PREFIXES
from api.problems import MEDIA_TYPE
from api.schemas.common import ErrorBody, InvalidBody, TransitionRefused

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "El cuerpo no se pudo leer (JSON mal formado o anidado en exceso)",
    401: "Falta el token, o no es válido",
    403: "Su rol o su área no le permiten esta operación",
    404: "No existe lo que nombra la ruta",
    409: "El estado actual no lo permite, o ya existe",
    412: "`If-Match` nombra una versión que ya no es la actual",
    413: "El cuerpo excede el tamaño admitido",
    422: "Datos no válidos (cada campo con su mensaje), o `If-Match` mal formado",
    429: "Demasiados intentos fallidos; vuelva a intentar tras `Retry-After`",
    503: "Ocupado o no listo; vuelva a intentar tras `Retry-After`",
}

ETAG_HEADER = {
    "ETag": {
        "description": "La versión de lo devuelto; envíela en `If-Match` para no pisar cambios",
        "schema": {"type": "string"},
    }
}

_MODELS = (ErrorBody, TransitionRefused, InvalidBody)
REF = "#/components/schemas/{model}"


def _ref(model: type[Any]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _derived_errors(op: dict[str, Any]) -> set[int]:
    """What a route's own inputs can be refused with."""
    params = op.get("parameters", [])
    codes: set[int] = set()
    if op.get("security"):
        codes.add(401)
    if any(p["in"] == "path" for p in params):
        codes.add(404)
    if any(p["in"] == "header" and p["name"].lower() == "if-match" for p in params):
        codes.add(412)
    if "requestBody" in op:
        codes |= {400, 413}
    if params or "requestBody" in op:
        codes.add(422)
    return codes


def _own_schema(declared: dict[str, Any] | None) -> dict[str, Any] | None:
    """A schema the route declared itself for an error (an import's problems), if any."""
    for content in (declared or {}).get("content", {}).values():
        ref = content.get("schema", {}).get("$ref", "")
        if ref and not ref.endswith(("/ErrorBody", "/HTTPValidationError")):
            return content["schema"]
    return None


def _error_response(
    code: int, declared: dict[str, Any] | None, op_id: str, path: str
) -> dict[str, Any]:
    description = ERROR_DESCRIPTIONS.get(code, "Error")
    if not path.startswith(API_PREFIXES):
        return {"description": description, "content": {"text/html": {}}}  # an error page
    schema = _own_schema(declared)
    if schema is None:
        model: type[Any] = ErrorBody
        if code == 409 and op_id.endswith("event"):
            model = TransitionRefused
        elif code == 422:
            model = InvalidBody
        schema = _ref(model)
    return {"description": description, "content": {MEDIA_TYPE: {"schema": schema}}}


def apply(doc: dict[str, Any]) -> dict[str, Any]:
    """Rename, describe and give each operation its errors, from the table; in place."""
    doc["tags"] = TAGS
    for path, methods in doc.get("paths", {}).items():
        for method, op in methods.items():
            op_id = BY_ROUTE.get((method.upper(), path))
            if op_id is None:
                continue  # named by the contract test
            entry = OPERATIONS[op_id]
            op["operationId"] = op_id
            op["summary"] = entry.summary
            op["tags"] = [entry.tag]
            responses: dict[str, Any] = op.setdefault("responses", {})
            codes = _derived_errors(op) | set(entry.errors)
            for status in [s for s in responses if s[0] in "45"]:
                if int(status) not in codes:
                    del responses[status]
            for code in sorted(codes):
                responses[str(code)] = _error_response(code, responses.get(str(code)), op_id, path)
            if entry.etag:
                for status, answer in responses.items():
                    if status.startswith("2"):
                        answer.setdefault("headers", {}).update(ETAG_HEADER)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for model in _MODELS:
        schemas[model.__name__] = _schema_of(model, schemas)
    _prune(doc)
    return doc


def _schema_of(model: type[Any], schemas: dict[str, Any]) -> dict[str, Any]:
    found = model.model_json_schema(ref_template=REF, mode="serialization")
    schemas.update(found.pop("$defs", {}))
    return found


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def _prune(doc: dict[str, Any]) -> None:
    """Drop component schemas nothing refers to any more (FastAPI's own 422 body)."""
    schemas = doc["components"]["schemas"]
    used = _refs(doc["paths"])
    pending = list(used)
    while pending:
        name = pending.pop()
        for ref in _refs(schemas.get(name, {})) - used:
            used.add(ref)
            pending.append(ref)
    for name in list(schemas):
        if name not in used:
            del schemas[name]


def install(app: FastAPI) -> None:
    """Serve `/openapi.json` with the table applied (once per build of FastAPI's document)."""
    build: Callable[[], dict[str, Any]] = app.openapi
    applied: list[int] = []

    def openapi() -> dict[str, Any]:
        doc = build()
        if id(doc) not in applied:
            apply(doc)
            applied[:] = [id(doc)]
        return doc

    app.openapi = openapi  # type: ignore[method-assign]


VERSION = "(versión instalada)"
"""Stands for `info.version` in the committed copy, so a release is not a change of contract."""


def comparable(doc: dict[str, Any]) -> str:
    """`doc` as the committed copy holds it: its version left out, keys sorted, one per line."""
    doc = {**doc, "info": {**doc.get("info", {}), "version": VERSION}}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
