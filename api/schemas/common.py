"""Pieces shared by every body: strict input, lists with totals, errors."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_ROW_ID = 2_147_483_647
"""Ids are 32-bit integers in the database; a larger one can name nothing, and sent to the
driver it failed with an overflow (500) instead of a 4xx."""
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="Identificador")]
RowRef = Annotated[int, Field(ge=1, le=MAX_ROW_ID)]
RowFilter = Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)]


class Strict(BaseModel):
    """Request bodies refuse unknown fields, so a typo is an error and not a silent no-op."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ListOf(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ErrorBody(BaseModel):
    detail: str
    code: str
