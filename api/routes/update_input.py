"""The body of `POST …/updates`: JSON, or multipart with the same fields and an evidence file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from api.schemas.history import UpdateCreate

OPENAPI_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": UpdateCreate.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["note"],
                    "properties": {
                        "note": {"type": "string"},
                        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                        "evidence_url": {"type": "string"},
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            },
        },
    }
}


@dataclass
class UpdateInput:
    body: UpdateCreate
    filename: str | None = None
    stream: BinaryIO | None = None


async def update_input(request: Request) -> AsyncIterator[UpdateInput]:
    """Read either form of the body; validation errors are the API's usual 422.

    A multipart form's uploads are spooled to temporary files; they are closed when the
    request ends (refused or not), so no upload leaves an open file behind.
    """
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        yield UpdateInput(body=_validated(await request.body() or b"{}"))
        return
    form = await request.form()
    try:
        upload = form.get("file")
        fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str) and v != ""}
        body = _validated(fields)
        if isinstance(upload, UploadFile) and upload.filename:
            yield UpdateInput(body=body, filename=upload.filename, stream=upload.file)
        else:
            yield UpdateInput(body=body)
    finally:
        await form.close()


def _validated(given: bytes | dict[str, Any]) -> UpdateCreate:
    try:
        if isinstance(given, bytes):
            return UpdateCreate.model_validate_json(given)
        return UpdateCreate.model_validate(given)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from exc
