"""The filters of a list of items (SPEC §4), declared once with their bounds: the API's lists and
exports read them from the query string, the `export` command from its options, the list pages
from their Spanish query string. Each becomes the workflow's `listing.Filters`.

A list narrows by meeting only for acuerdos and by convenio only for actividades; an export
takes both (the other kind's answers nothing). So the fields come in small groups that each
query combines (the first fields listed are the base's, as in the API's documentation); every
field is still declared here and nowhere else.

No `from __future__ import annotations`: `filters_from` builds a dependency whose annotation
FastAPI must read as a class, not as a string.
"""

from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BaseModel, Field

from api.schemas.common import CODE_LENGTH, CODE_PATTERN, LINE_PATTERN, MAX_OFFSET, MAX_ROW_ID
from workflow.items.listing import MAX_LIMIT, Filters


class ItemFilters(BaseModel):
    """What every list of items is narrowed by."""

    state: str | None = Field(
        None,
        max_length=200,
        pattern=LINE_PATTERN,
        description="Estado o estados separados por comas",
    )
    area: str | None = Field(
        None,
        max_length=CODE_LENGTH,
        pattern=CODE_PATTERN,
        description="Clave de un área responsable",
    )
    organ: str | None = Field(
        None, max_length=CODE_LENGTH, pattern=CODE_PATTERN, description="Clave del órgano"
    )
    overdue: bool | None = None
    relevant: bool | None = None
    q: str | None = Field(None, max_length=200, pattern=LINE_PATTERN, description="Texto a buscar")

    def filters(self) -> Filters:
        return Filters(**self.model_dump())


class ByMeeting(BaseModel):
    meeting: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="Sesión (acuerdos)")


class ByConvenio(BaseModel):
    convenio: int | None = Field(None, ge=1, le=MAX_ROW_ID, description="Convenio (actividades)")


class Paged(BaseModel):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ListQuery(Paged, ItemFilters):
    """A page of convenios (or of one convenio's activities)."""


class AgreementListQuery(ByMeeting, ListQuery):
    """A page of acuerdos, optionally of one meeting."""


class ActivityListQuery(ByConvenio, ListQuery):
    """A page of actividades, optionally of one convenio."""


class ExportQuery(ByConvenio, ByMeeting, ItemFilters):
    """Everything that matches, without pages (exports and the `export` command)."""


class PageFilters(ByConvenio, ByMeeting, ItemFilters):
    """The list pages' filters (their own Spanish names map onto these)."""


def filters_from(query: type[ItemFilters]) -> Any:
    """A dependency that reads `query` from the query string and gives the workflow's `Filters`.

    The model is the only query parameter of its own dependency: FastAPI spreads a model into
    query parameters only when it stands alone, so a route may still take others (`format`).
    """

    def read(given: Annotated[query, Query()]) -> Filters:  # type: ignore[valid-type]
        return given.filters()  # type: ignore[attr-defined]

    return Depends(read)
