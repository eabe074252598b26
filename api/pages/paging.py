"""Pages of a list: which rows to fetch, and links to the neighbouring pages that keep the
filters a person chose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from starlette.datastructures import QueryParams

from api.schemas.common import MAX_OFFSET, Code, Line, RowRef

PER_PAGE = 25
MAX_PAGE = MAX_OFFSET // PER_PAGE


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class ListQuery(BaseModel):
    """The query string of a list page, held to the API's bounds: a value the API would refuse
    is answered with the page's 422, never passed on to the database."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    estado: str = Line(200, default="")
    area: Annotated[Code | None, BeforeValidator(_blank_is_none)] = None
    organo: Annotated[Code | None, BeforeValidator(_blank_is_none)] = None
    sesion: Annotated[RowRef | None, BeforeValidator(_blank_is_none)] = None
    convenio: Annotated[RowRef | None, BeforeValidator(_blank_is_none)] = None
    q: str = Line(200, default="")
    pagina: Annotated[int | None, Field(ge=1, le=MAX_PAGE), BeforeValidator(_blank_is_none)] = None

    @classmethod
    def of(cls, params: QueryParams) -> ListQuery:
        try:
            return cls.model_validate({k: params[k] for k in params})
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
            ) from None


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
