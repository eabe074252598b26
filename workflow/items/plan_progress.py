"""How far a convenio's plan has come: the activities of the convenio and of its annexes and
addenda, and theirs, however deep. The `/convenios` list and the convenio's page read the same
figure from here, so the two never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from states import ACTIVITY
from workflow.items.listing import overdue_clause
from workflow.models import Activity, Convenio


@dataclass(frozen=True)
class PlanProgress:
    """A convenio's plan at a glance, its annexes' activities included."""

    total: int
    """Activities of the convenio and of its annexes, cancelled ones too."""
    by_state: list[tuple[str, str, int]]
    """(state, label, how many) for every state of an activity, in the lifecycle's order."""
    overdue: int
    progress: int
    """The mean progress of the activities that are not cancelled; the convenio's own reported
    progress when there are none."""
    counted: int
    """How many activities that mean is taken over (0: `progress` is the convenio's own)."""


def plan_progress(
    *, session: Session, convenios: Sequence[Convenio], today: date
) -> dict[int, PlanProgress]:
    """Each convenio's plan, by id: one query over the tree of annexes (a recursive CTE whose
    UNION ends even if a parent were ever made to point back at its annex)."""
    ids = [c.id for c in convenios]
    if not ids:
        return {}
    roots = select(Convenio.id.label("root"), Convenio.id.label("member")).where(
        Convenio.id.in_(ids)
    )
    tree = roots.cte("plan_tree", recursive=True)
    tree = tree.union(
        select(tree.c.root, Convenio.id).join(Convenio, Convenio.parent_id == tree.c.member)
    )
    active = Activity.state != "cancelled"
    rows = session.execute(
        select(
            tree.c.root,
            Activity.state,
            func.count(Activity.id),
            func.sum(case((overdue_clause(Activity, today), 1), else_=0)),
            func.count(case((active, Activity.id))),
            func.sum(case((active, Activity.progress), else_=0)),
        )
        .join(Activity, Activity.convenio_id == tree.c.member)
        .group_by(tree.c.root, Activity.state)
    ).all()
    tallies: dict[int, dict[str, int]] = {i: {} for i in ids}
    overdue = dict.fromkeys(ids, 0)
    counted = dict.fromkeys(ids, 0)
    summed = dict.fromkeys(ids, 0)
    for root, state, n, late, n_active, progress in rows:
        tallies[root][state] = n
        overdue[root] += int(late or 0)
        counted[root] += int(n_active or 0)
        summed[root] += int(progress or 0)
    return {
        c.id: PlanProgress(
            total=sum(tallies[c.id].values()),
            by_state=[(s, label, tallies[c.id].get(s, 0)) for s, label in ACTIVITY.states.items()],
            overdue=overdue[c.id],
            progress=round(summed[c.id] / counted[c.id]) if counted[c.id] else c.progress,
            counted=counted[c.id],
        )
        for c in convenios
    }
