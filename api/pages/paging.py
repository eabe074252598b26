"""Pages of a list: which rows to fetch, and links to the neighbouring pages that keep the
filters a person chose."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

PER_PAGE = 25


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    per_page: int
    params: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, params: QueryParams, total: int, per_page: int = PER_PAGE) -> Pager:
        raw = params.get("pagina", "1")
        number = int(raw) if raw.isdigit() and int(raw) > 0 else 1
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
