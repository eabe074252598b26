"""What the commission's dashboard reads at a glance: counts by state and progress by area.

Set-based queries (one `GROUP BY` each), so the dashboard costs the same with ten agreements or
ten thousand; the lists of relevant and overdue items come from `listing.fetch_page`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from states import LIFECYCLES, Role
from workflow.items.kinds import STORED
from workflow.items.listing import T, overdue_clause
from workflow.models import Agreement, Area, Convenio


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int
    final: bool


@dataclass(frozen=True)
class AreaProgress:
    """The agreements one area answers for (as lead or co-responsible)."""

    code: str
    name: str
    total: int
    fulfilled: int
    open: int
    overdue: int
    """Open, past the deadline and waiting on the area (SPEC's overdue less `in_review`)."""
    in_review: int
    """Open and waiting on the secretariat's review: the area has done its part."""
    cancelled: int
    average_progress: int
    """Mean progress of the agreements that are not cancelled, rounded."""

    @property
    def on_time(self) -> int:
        """Open, waiting on the area and not overdue."""
        return self.open - self.overdue - self.in_review


def state_counts(*, session: Session, model: type[T]) -> list[StateCount]:
    """Every state of the lifecycle in display order, with how many items are in it (0 too)."""
    rows = session.execute(select(model.state, func.count()).group_by(model.state)).all()
    return counts_of(model, {state: n for state, n in rows})


def counts_of(model: type[T], found: dict[str, int]) -> list[StateCount]:
    """Counts by state (e.g. rebuilt for a past day) in the lifecycle's order, 0 included."""
    lifecycle = LIFECYCLES[model.kind]
    return [
        StateCount(state=s, label=label, count=found.get(s, 0), final=lifecycle.is_final(s))
        for s, label in lifecycle.states.items()
    ]


def overdue_count(*, session: Session, model: type[T], today: date) -> int:
    stmt = select(func.count()).select_from(model).where(overdue_clause(model, today))
    return session.scalar(stmt) or 0


def progress_by_area(*, session: Session, today: date) -> list[AreaProgress]:
    """Per responsible area: fulfilled, open, overdue, in review and mean progress of its
    agreements. An agreement under review counts as in review, not as the area's overdue work."""
    lifecycle = LIFECYCLES["agreement"]
    is_open = Agreement.state.not_in(sorted(lifecycle.final))
    in_review = Agreement.state.in_(lifecycle.states_waiting_on(Role.secretariat))
    counted = Agreement.state != "cancelled"
    agreements = STORED["agreement"]
    stmt = select(
        Area.code,
        Area.name,
        func.count(Agreement.id),
        func.sum(case((Agreement.state == "fulfilled", 1), else_=0)),
        func.sum(case((is_open, 1), else_=0)),
        func.sum(case((and_(overdue_clause(Agreement, today), ~in_review), 1), else_=0)),
        func.sum(case((in_review, 1), else_=0)),
        func.sum(case((Agreement.state == "cancelled", 1), else_=0)),
        func.avg(case((counted, Agreement.progress), else_=None)),
    ).select_from(Agreement)
    stmt = (
        agreements.with_areas(stmt)
        .join(Area, Area.id == agreements.area_id)
        .group_by(Area.id, Area.code, Area.name)
        .order_by(Area.code)
    )
    return [
        AreaProgress(
            code=code,
            name=name,
            total=total,
            fulfilled=int(fulfilled or 0),
            open=int(open_ or 0),
            overdue=int(overdue or 0),
            in_review=int(review or 0),
            cancelled=int(cancelled or 0),
            average_progress=round(float(average)) if average is not None else 0,
        )
        for code, name, total, fulfilled, open_, overdue, review, cancelled, average in (
            session.execute(stmt).all()
        )
    ]


def convenios_expiring(*, session: Session, today: date, within_days: int) -> list[Convenio]:
    """Convenios in force whose validity ends within `within_days` (the 60-day reminder's set)."""
    stmt = (
        select(Convenio)
        .where(
            Convenio.state == "in_force",
            Convenio.valid_until.is_not(None),
            Convenio.valid_until >= today,
            Convenio.valid_until <= today + timedelta(days=within_days),
        )
        .order_by(Convenio.valid_until)
    )
    return list(session.scalars(stmt).unique())
