"""A capture form's fields checked one by one against the API's body schema, so each problem is
said next to its field with the sentence the API would answer, and nothing is saved meanwhile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from api.errors import STATUS, invalid_field
from workflow.engine.errors import DomainError, Invalid

Body = TypeVar("Body", bound=BaseModel)


class Problems(dict[str, str]):
    """Field name → the sentence shown next to it."""

    def check(self, body: type[BaseModel], name: str, value: Any, label: str, key: str) -> Any:
        """`value` as `body` takes its field `name`, or None with the problem kept under `key`."""
        try:
            checked = body.__pydantic_validator__.validate_assignment(
                body.model_construct(), name, value
            )
        except ValidationError as exc:
            self[key] = invalid_field(exc, label).detail
            return None
        return getattr(checked, name)


def text(form: Mapping[str, Any], name: str) -> str:
    """A form's (or a query's) field as typed, trimmed; empty when missing or a file."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def version(form: FormData) -> int | None:
    raw = text(form, "version")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 else None


def status_of(exc: DomainError) -> int:
    """The HTTP status the API answers for `exc`, for a form shown again."""
    return next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)


def as_body(body: type[Body], values: dict[str, Any], labels: Mapping[str, str]) -> Body:
    """`values` as the API's `body`, or `Invalid` with the sentence the API would answer, said
    with the form's label of the first field refused (named in `field`, for the form to mark)."""
    try:
        return body.model_validate(values)
    except ValidationError as exc:
        name = str(exc.errors(include_url=False)[0]["loc"][0])
        raise Invalid(invalid_field(exc, labels.get(name, name)).detail, field=name) from None
