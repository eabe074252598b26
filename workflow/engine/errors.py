"""Domain errors; `api` maps each to one HTTP status in one place. Messages are for people."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base: `detail` is a Spanish sentence, `code` a stable machine code, `extra` more fields."""

    code = "error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    code = "not_found"


class NotPermitted(DomainError):
    code = "forbidden"


class NotAuthenticated(DomainError):
    code = "not_authenticated"


class Invalid(DomainError):
    """The request is well-formed but its content is wrong (unknown area, missing note...)."""

    code = "invalid"


class Conflict(DomainError):
    """The data clashes with what exists (a duplicate key)."""

    code = "conflict"


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


class StaleVersion(DomainError):
    code = "stale_version"
