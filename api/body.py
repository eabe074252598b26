"""A JSON body read by a dependency, so it is parsed after the route's authorization gates.

FastAPI decodes a declared body before any dependency runs: malformed JSON gets 422 even
from a person who may not call the route. A body taken with `Depends(json_body(Model))`,
listed after the gates, is read only once they have let the caller through; `openapi(Model)`
documents it as a declared body would be.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def json_body(model: type[M]) -> Callable[[Request], Awaitable[M]]:
    async def read(request: Request) -> M:
        try:
            return model.model_validate_json(await request.body() or b"{}")
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
            ) from exc

    return read


def openapi(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` for a route whose body is read by `json_body(model)`."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }
