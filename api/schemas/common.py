"""Pieces shared by every body: strict input, lists with totals, errors, and the bounds every
value that enters the API is held to (defined once here, used by bodies, paths and queries).

PostgreSQL refuses a NUL byte in text and raises when a string is longer than its column;
SQLite takes both silently. So the schemas refuse them first, the same on both databases, with
the lengths of the model columns.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from workflow.calendar.business_days import FIRST_DAY, LAST_DAY

T = TypeVar("T")

MAX_ROW_ID = 2_147_483_647
"""Ids are 32-bit integers in the database; a larger one can name nothing, and sent to the
driver it failed with an overflow (500) instead of a 4xx."""
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="Identificador")]
RowRef = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
RowFilter = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)]

MAX_OFFSET = 1_000_000
"""No list is that long; a larger offset overflowed the driver's integer (a 500)."""
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]

TEXT_PATTERN = r"^[^\x00]*$"
"""Free text of several lines: anything but the NUL byte."""
LINE_PATTERN = r"^[^\x00-\x1f\x7f]*$"
"""One line (a title, a name, a reason): no control characters, no line breaks."""
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9/_.\-]*$"
"""Keys given by hand (acuerdo, convenio, actividad): letters, digits and `/ _ . -`."""
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
"""Codes of organs and areas: letters, digits and `_ . -`."""
PATTERN_SENTENCES = {
    TEXT_PATTERN: "no puede contener el carácter nulo",
    LINE_PATTERN: "no puede contener saltos de línea ni caracteres de control",
    KEY_PATTERN: "solo admite letras, números y / _ . - (y empieza con letra o número)",
    CODE_PATTERN: "solo admite letras, números y _ . - (y empieza con letra o número)",
}
"""Each pattern said to a person (`api.errors` uses it for `string_pattern_mismatch`)."""

CODE_LENGTH = 32
"""`organs.code` and `areas.code`."""
KEY_LENGTH = 120
"""`agreements.key`, `convenios.key`, `activities.key`."""
CONVENIO_KEY_LENGTH = KEY_LENGTH - 8
"""A convenio's key is the prefix of its activities' keys (`…/A01`), which must still fit."""


def Text(max_length: int, *, min_length: int = 0, **field: Any) -> Any:
    """A body field of free text (line breaks allowed, NUL refused) up to `max_length`."""
    return Field(min_length=min_length, max_length=max_length, pattern=TEXT_PATTERN, **field)


def Line(max_length: int, *, min_length: int = 0, **field: Any) -> Any:
    """A body field of one line (no control characters) up to `max_length`."""
    return Field(min_length=min_length, max_length=max_length, pattern=LINE_PATTERN, **field)


def Key(**field: Any) -> Any:
    """A key given by hand; absent, the workflow numbers one."""
    field.setdefault("max_length", KEY_LENGTH)
    return Field(min_length=1, pattern=KEY_PATTERN, **field)


def QueryLine(max_length: int = 200, **query: Any) -> Any:
    """A query-string value of one line (a search, a status, a list of states)."""
    return Query(max_length=max_length, pattern=LINE_PATTERN, **query)


def QueryCode(**query: Any) -> Any:
    """A query-string value naming an organ or an area by its code."""
    return Query(max_length=CODE_LENGTH, pattern=CODE_PATTERN, **query)


Code = Annotated[str, Field(min_length=1, max_length=CODE_LENGTH, pattern=CODE_PATTERN)]
"""An organ or area code, in a body."""
PathCode = Annotated[str, Path(min_length=1, max_length=CODE_LENGTH, pattern=CODE_PATTERN)]
"""An organ or area code, in a path."""


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"debe ser una fecha entre {FIRST_DAY.isoformat()} y {LAST_DAY.isoformat()}"
        )
    return day


BoundedDate = Annotated[date, AfterValidator(_in_range)]
"""A date in the years 1900–2200: body fields, query strings and paths."""
Year = Annotated[int, Field(ge=FIRST_DAY.year, le=LAST_DAY.year)]
SessionNumber = Annotated[int, Field(ge=1, le=999)]
"""A session's number within its organ, kind and year; its ordinal is written in words."""


class Strict(BaseModel):
    """Request bodies refuse unknown fields, so a typo is an error and not a silent no-op."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ListOf(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ErrorBody(BaseModel):
    """An error as RFC 9457 problem details (`application/problem+json`), with our `code`."""

    type: str = Field("about:blank", description="Siempre `about:blank`: distingue `code`")
    title: str = Field(description="La frase del estado HTTP, en español")
    status: int = Field(description="El código HTTP de la respuesta")
    detail: str = Field(description="Qué pasó y qué hacer, en una frase para personas")
    instance: str | None = Field(None, description="La ruta de la solicitud")
    code: str = Field(description="Código estable para programas (`not_found`, `invalid`…)")


class TransitionRefused(ErrorBody):
    """409 for an event the item's state (or the caller's role) does not allow."""

    state: str | None = Field(None, description="El estado actual del asunto")
    state_label: str | None = Field(None, description="El estado actual, dicho a personas")
    allowed_events: list[str] | None = Field(
        None, description="Los eventos que quien llama puede aplicar en ese estado"
    )


class FieldError(BaseModel):
    field: str
    message: str


class InvalidBody(ErrorBody):
    """422: the request's fields (or its `If-Match`) are not valid."""

    errors: list[FieldError] | None = Field(
        None, description="Un error por campo, cuando el esquema los rechazó"
    )
