"""What one row of an import will do: create, update or leave its item, with which events.

Its own module so that validation (which builds it) and the lifecycle planning (which adds the
events) both import it, one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RowPlan:
    """What one row will do."""

    row: int
    key: str
    values: dict[str, Any]
    item: Any | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    progress: int | None = None

    @property
    def action(self) -> str:
        if self.item is None:
            return "create"
        return "update" if self.changes or self.events or self.progress is not None else "unchanged"
