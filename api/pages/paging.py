"""Pages of a list: which rows to fetch, and links to the neighbouring pages that keep the
filters a person chose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from starlette.datastructures import QueryParams

from api.schemas.common import MAX_OFFSET

M = TypeVar("M", bound=BaseModel)
PER_PAGE = 25
MAX_PAGE = MAX_OFFSET // PER_PAGE


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def checked(model: type[M], values: Mapping[str, Any], names: Mapping[str, str]) -> M:
    """`values` validated by `model` (the API's bounds and sentences); a refused value is the
    page's 422, named as the page's query string names it (`names`: page name -> field)."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        page_name = {field: name for name, field in names.items()}
        raise RequestValidationError(
            [
                {**e, "loc": ("query", *(page_name.get(str(p), p) for p in e["loc"]))}
                for e in exc.errors(include_url=False)
            ]
        ) from None


class ListQuery(BaseModel):
    """The page number of a list page, held to the API's bounds: a value the API would refuse
    is answered with the page's 422, never passed on to the database. The filters are
    `api.schemas.filters.PageFilters`."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    pagina: Annotated[int | None, Field(ge=1, le=MAX_PAGE), BeforeValidator(_blank_is_none)] = None

    @classmethod
    def of(cls, params: QueryParams) -> ListQuery:
        return checked(cls, {k: params[k] for k in params}, {})


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    per_page: int
    params: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, params: QueryParams, total: int, per_page: int = PER_PAGE) -> Pager:
        number = ListQuery.of(params).pagina or 1
        kept = tuple((k, v) for k, v in params.multi_items() if k != "pagina" and v != "")
        return cls(number=number, total=total, per_page=per_page, params=kept)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_row(self) -> int:
        return 0 if self.total == 0 else self.offset + 1

    @property
    def last_row(self) -> int:
        return min(self.total, self.offset + self.per_page)

    def url(self, number: int) -> str:
        return "?" + urlencode([*self.params, ("pagina", str(number))])

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.pages else None


def offset_for(params: QueryParams, per_page: int = PER_PAGE) -> int:
    """The offset of the requested page, before the total is known."""
    return Pager.of(params, 0, per_page).offset


EXPORT_FORMATS = ("csv", "xlsx")
"""What a list page exports (`{list}/exportar?formato=…`, `api.pages.exports`)."""


def export_links(request: Request) -> list[tuple[str, str]]:
    """(label, address) of each export of the list being shown, keeping its filters."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "pagina" and v]
    path = request.url.path.rstrip("/")
    return [
        (fmt.upper(), f"{path}/exportar?" + urlencode([*kept, ("formato", fmt)]))
        for fmt in EXPORT_FORMATS
    ]
