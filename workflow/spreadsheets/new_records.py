"""Records from rows: building new agreements, convenios, activities, organs and areas, and
setting the fields of existing ones that name other rows (areas, counterparts).

Builders mirror the create functions of `workflow` (same defaults, key and `seq` rules); they
add rows without a query each, because validation has already resolved every reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from states import ACTIVITY, AGREEMENT, CONVENIO
from workflow.directory import catalogue
from workflow.engine import keys
from workflow.engine.actors import Actor
from workflow.engine.editing import set_areas
from workflow.models import Activity, Agreement, Convenio, Counterpart
from workflow.spreadsheets.references import Lookups
from workflow.spreadsheets.row_plan import RowPlan


def plain(item: Any, name: str, value: Any, _values: dict[str, Any], _lookups: Lookups) -> None:
    setattr(item, name, value)


def _areas(item: Any, _name: str, value: Any, _values: dict[str, Any], lookups: Lookups) -> None:
    set_areas(item, [lookups.areas[c] for c in value])


def _area(item: Any, _name: str, value: Any, _values: dict[str, Any], lookups: Lookups) -> None:
    item.area = lookups.areas[value]


def _counterparts(
    item: Any, _name: str, _value: Any, values: dict[str, Any], _lookups: Lookups
) -> None:
    item.counterparts = counterparts(item, values)


SETTERS: dict[str, Callable[[Any, str, Any, dict[str, Any], Lookups], None]] = {
    "areas": _areas,
    "area": _area,
    "counterparts": _counterparts,
    "counterpart_types": _counterparts,
}


def counterparts(item: Convenio | None, values: dict[str, Any]) -> list[Counterpart]:
    """The counterparts a row gives; a type not given keeps the one registered for that name."""
    before = {c.name: c.sector for c in item.counterparts} if item is not None else {}
    names = values.get("counterparts") or list(before)
    types = values.get("counterpart_types") or [before.get(n) for n in names]
    return [
        Counterpart(name=n, sector=t or None, position=i)
        for i, (n, t) in enumerate(zip(names, types, strict=True))
    ]


def _agreement(
    session: Session, _who: Actor, row: RowPlan, lookups: Lookups, _created: dict[str, Any]
) -> Agreement:
    v = row.values
    meeting = lookups.meetings[v["meeting"]]
    item = Agreement(
        key=row.key,
        title=v["title"],
        text=v.get("text", ""),
        meeting=meeting,
        seq=keys.agreement_seq(session=session, meeting=meeting, key=row.key),
        deadline=v.get("deadline"),
        relevant=v.get("relevant", False),
        state=AGREEMENT.initial,
        progress=0,
    )
    set_areas(item, [lookups.areas[c] for c in v["areas"]])
    return item


def _convenio(
    session: Session, _who: Actor, row: RowPlan, lookups: Lookups, created: dict[str, Any]
) -> Convenio:
    v = row.values
    parent = (created.get(v["parent"]) or lookups.convenios[v["parent"]]) if "parent" in v else None
    if parent is not None and parent.id is None:
        session.flush()  # keep the file's order: the unit of work would insert children last
    item = Convenio(
        key=row.key,
        title=v["title"],
        convenio_kind=v.get("kind", "general"),
        object=v.get("object", ""),
        parent=parent,
        organ=lookups.organs[v["organ"]] if "organ" in v else None,
        relevant=v.get("relevant", False),
        url=v.get("url"),
        state=CONVENIO.initial,
        progress=0,
        counterparts=counterparts(None, v),
    )
    set_areas(item, [lookups.areas[c] for c in v["areas"]])
    return item


def _activity(
    _session: Session, _who: Actor, row: RowPlan, lookups: Lookups, _created: dict[str, Any]
) -> Activity:
    v = row.values
    return Activity(
        key=row.key,
        title=v["title"],
        description=v.get("description", ""),
        area=lookups.areas[v["area"]],
        convenio=lookups.convenios[v["convenio"]] if "convenio" in v else None,
        organ=lookups.organs[v["organ"]] if "organ" in v else None,
        due_date=v.get("due_date"),
        relevant=v.get("relevant", False),
        state=ACTIVITY.initial,
        progress=0,
    )


def _organ(
    session: Session, who: Actor, row: RowPlan, _lookups: Lookups, _created: dict[str, Any]
) -> Any:
    v = row.values
    organ = catalogue.create_organ(session=session, actor=who, code=row.key, name=v["name"])
    organ.teams_webhook_url = v.get("teams_webhook_url")
    organ.standing_items = v.get("standing_items", [])
    return organ


def _area_row(
    session: Session, who: Actor, row: RowPlan, lookups: Lookups, _created: dict[str, Any]
) -> Any:
    v = row.values
    area = catalogue.create_area(session=session, actor=who, code=row.key, name=v["name"])
    area.teams_webhook_url = v.get("teams_webhook_url")
    lookups.areas[area.code] = area
    return area


BUILDERS: dict[str, Callable[[Session, Actor, RowPlan, Lookups, dict[str, Any]], Any]] = {
    "agreements": _agreement,
    "convenios": _convenio,
    "activities": _activity,
    "organs": _organ,
    "areas": _area_row,
}
