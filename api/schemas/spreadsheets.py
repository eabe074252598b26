"""Import answers: what a good file did, and every problem of a refused one."""

from __future__ import annotations

from pydantic import BaseModel

from api.schemas.common import InvalidBody


class ImportProblem(BaseModel):
    row: int
    """Row as numbered in the spreadsheet (1 = the header row; 0 = the file as a whole)."""
    column: str | None
    message: str
    expected: str | None
    value: str | None
    sentence: str
    """The problem said in one Spanish sentence."""


class ImportRefusedBody(InvalidBody):
    """422 of an import: the file's `problems` when its content was refused, or the request's
    `errors` when the form itself was not valid (no file)."""

    problems: list[ImportProblem] | None = None


class RowChangeRead(BaseModel):
    row: int
    key: str
    action: str
    """`create` or `update`."""
    fields: list[str]
    events: list[str]


class ImportRead(BaseModel):
    kind: str
    filename: str
    source: str
    """How the file was read (format, encoding, separator)."""
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    transitions: int
    progress_updates: int
    meetings_created: list[str]
    ignored_columns: list[str]
    changes: list[RowChangeRead]
    changes_omitted: int
    summary: list[str]
