"""The weekly digest: per person, their open, due-soon and overdue items (Monday by default).

Area people get their area's items; the secretariat gets every open item. It is made only on
its day (`digest_weekday`); the dedupe key is the person and the ISO week, so a second run
that day sends nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import LIFECYCLES, Role
from workflow.calendar.business_days import BusinessCalendar
from workflow.checks.emit import Finding, NewEvent, emit
from workflow.items.kinds import PERSON, STORED
from workflow.models import User
from workflow.runtime.clock import Clock
from workflow.runtime.settings import Settings

LISTED = 50
"""Items listed by name in each section of one digest; the counts are always complete."""

ALL = -1
"""The pseudo-area of the secretariat: every open item."""


def _open_items(session: Session) -> list[tuple[int, dict[str, Any]]]:
    """(area id, item) for each responsible area of each open item: one set-based query per kind."""
    found: list[tuple[int, dict[str, Any]]] = []
    for kind in STORED.values():
        model = kind.model
        final = sorted(LIFECYCLES[kind.name].final)
        stmt = select(kind.area_id, model.id, model.key, model.title, kind.deadline).where(
            model.state.not_in(final)
        )
        for area_id, item_id, key, title, due in session.execute(kind.with_areas(stmt)):
            item = {"kind": model.kind, "id": item_id, "key": key, "title": title}
            item["deadline"] = due.isoformat() if due else None
            found.append((area_id, item))
    return found


def _section(items: list[dict[str, Any]], today: date, horizon: date) -> dict[str, Any]:
    """Every open item in exactly one part (overdue, due soon, the rest), so the counts the
    digest states add up to what it lists; each part lists up to `LISTED` and counts all."""

    def due(i: dict[str, Any]) -> date | None:
        return date.fromisoformat(i["deadline"]) if i["deadline"] else None

    overdue = [i for i in items if (d := due(i)) is not None and d < today]
    soon = [i for i in items if (d := due(i)) is not None and today <= d <= horizon]
    rest = [i for i in items if (d := due(i)) is None or d > horizon]
    overdue.sort(key=lambda i: i["deadline"])
    soon.sort(key=lambda i: i["deadline"])
    rest.sort(key=lambda i: (i["deadline"] is None, i["deadline"] or "", i["key"]))
    return {
        "open": len(items),
        "overdue_count": len(overdue),
        "due_soon_count": len(soon),
        "other_count": len(rest),
        "overdue": overdue[:LISTED],
        "due_soon": soon[:LISTED],
        "other": rest[:LISTED],
    }


def run(
    *, session: Session, clock: Clock, settings: Settings, calendar: BusinessCalendar
) -> list[Finding]:
    today = clock.today()
    finding = Finding(check="user.digest")
    if today.weekday() != settings.digest_weekday:
        return [finding]
    year, week, _ = today.isocalendar()
    horizon = calendar.add_business_days(today, max(settings.due_soon_days, default=5))
    by_area: dict[int, dict[tuple[str, int], dict[str, Any]]] = defaultdict(dict)
    for area_id, item in _open_items(session):
        by_area[area_id][(item["kind"], item["id"])] = item
        by_area[ALL][(item["kind"], item["id"])] = item
    people = session.execute(
        select(User.id, User.name, User.role, User.area_id).where(
            User.active.is_(True), User.role.in_([Role.area.value, Role.secretariat.value])
        )
    )
    events = []
    for user_id, name, role, own_area in people:
        scope: int | None = ALL if role == Role.secretariat.value else own_area
        items = list(by_area.get(scope, {}).values()) if scope is not None else []
        if not items:
            continue
        events.append(
            NewEvent(
                name="user.digest",
                item_kind=PERSON,
                item_id=user_id,
                dedupe_key=f"user:{user_id}:digest:{year}-W{week:02d}",
                label=name,
                payload={
                    "week": f"{year}-W{week:02d}",
                    "day": today.isoformat(),
                    **_section(items, today, horizon),
                },
            )
        )
    finding.found = len(events)
    finding.queued = emit(session=session, clock=clock, events=events)
    return [finding]
