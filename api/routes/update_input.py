"""The body of `POST …/updates`: JSON, or multipart with the same fields and an evidence file."""

from __future__ import annotations

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


async def update_input(request: Request) -> UpdateInput:
    """Read either form of the body; validation errors are the API's usual 422."""
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("multipart/form-data"):
            form = await request.form()
            upload = form.get("file")
            fields = {
                k: v for k, v in form.items() if k != "file" and isinstance(v, str) and v != ""
            }
            body = UpdateCreate.model_validate(fields)
            if isinstance(upload, UploadFile) and upload.filename:
                return UpdateInput(body=body, filename=upload.filename, stream=upload.file)
            return UpdateInput(body=body)
        return UpdateInput(body=UpdateCreate.model_validate_json(await request.body() or b"{}"))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from exc
