"""The demo's actors and shortcuts: every change goes through the real workflow functions, each
dated, so the demo's history reads like real use."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from states import Role
from workflow.engine import progress
from workflow.engine.actors import Actor
from workflow.engine.fire import fire
from workflow.runtime.clock import Clock


class Demo:
    """The session, the time zone and the demo's people, by role or area code."""

    def __init__(self, session: Session, tz: ZoneInfo) -> None:
        self.s = session
        self.tz = tz
        self.system = Actor(
            role=Role.admin, user_id=None, area_id=None, label="Carga de demostración"
        )
        self.people: dict[str, Actor] = {}

    def clock(self, day: date) -> Clock:
        return Clock.on(day, self.tz)

    def at(self, day: date) -> dict[str, Any]:
        return {"session": self.s, "clock": self.clock(day)}

    def fire(
        self, item: Any, event: str, who: str, day: date, note: str | None = None, **data: Any
    ) -> None:
        fire(item=item, event=event, actor=self.people[who], note=note, data=data, **self.at(day))

    def update(
        self,
        item: Any,
        who: str,
        day: date,
        note: str,
        pct: int | None = None,
        url: str | None = None,
    ) -> None:
        progress.record_update(
            item=item,
            actor=self.people[who],
            note=note,
            progress=pct,
            evidence_url=url,
            **self.at(day),
        )
