"""Links between items: the convenios and activities an acuerdo concerns (SPEC §6).

The secretariat and admins link; everyone who may read both sides sees the link on both. A
change of links is an edit of the acuerdo: it bumps its version (the `If-Match` rule holds) and
is history, an `edited` event with the keys before and after (`{"changes": {"convenios":
{"from": [...], "to": [...]}}}`), the form every edit of a field is kept in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from workflow.engine.actors import Actor, require_editor
from workflow.engine.editing import edit
from workflow.engine.errors import Conflict, Invalid
from workflow.engine.events import record
from workflow.engine.fire import check_version, flush_or_stale
from workflow.models import Activity, AgendaItem, Agreement, AgreementLink, Convenio, Organ
from workflow.runtime.clock import Clock

Linkable = Convenio | Activity


@dataclass(frozen=True)
class Target:
    """One kind of item an acuerdo may be linked to."""

    kind: str
    field: str
    """The name of the acuerdo's set of links in bodies and in its history."""
    model: type[Convenio] | type[Activity]
    column: InstrumentedAttribute[Any]
    """The column of `agreement_links` that names it."""
    noun: str
    """«el convenio», «la actividad»: said in messages."""

    def linked(self, agreement: Agreement) -> list[Any]:
        return list(getattr(agreement, f"linked_{self.field}"))


TARGETS: dict[str, Target] = {
    t.kind: t
    for t in (
        Target("convenio", "convenios", Convenio, AgreementLink.convenio_id, "el convenio"),
        Target("activity", "activities", Activity, AgreementLink.activity_id, "la actividad"),
    )
}
"""By kind (`convenio`, `activity`)."""
FIELDS: dict[str, Target] = {t.field: t for t in TARGETS.values()}
"""By the name of the set (`convenios`, `activities`)."""


@dataclass(frozen=True)
class Linked:
    """What an acuerdo is linked to."""

    convenios: list[Convenio]
    activities: list[Activity]


def linked(agreement: Agreement) -> Linked:
    """The convenios and activities `agreement` names, each ordered by key."""
    return Linked(list(agreement.linked_convenios), list(agreement.linked_activities))


def agenda_point(agreement: Agreement) -> AgendaItem | None:
    """The point of its session's order of the day the acuerdo was approved under, if any."""
    return next((a for a in agreement.meeting.agenda if a.id == agreement.agenda_item_id), None)


def agreements_of(item: Linkable) -> list[Agreement]:
    """The acuerdos that name a convenio or an activity, ordered by key."""
    return list(item.linked_agreements)


def related_to_convenio(*, session: Session, convenio: Convenio) -> list[tuple[Agreement, Any]]:
    """The acuerdos that name a convenio or one of its activities, by key: each with the
    activity it names (None when it names the convenio itself)."""
    rows = session.execute(
        select(Agreement, Activity)
        .join(AgreementLink, AgreementLink.agreement_id == Agreement.id)
        .outerjoin(Activity, Activity.id == AgreementLink.activity_id)
        .where(or_(AgreementLink.convenio_id == convenio.id, Activity.convenio_id == convenio.id))
        .order_by(Agreement.key, Activity.key.nullsfirst())
    ).all()
    return [(agreement, activity) for agreement, activity in rows]


MAX_ID = 2**31 - 1
"""Ids are 32-bit integers; a larger one names nothing (and would overflow the driver)."""
Choice = tuple[str, str, str]
"""A form's option: its value (`convenio:3`, `activity:7`), the item's key and its title."""


@dataclass(frozen=True)
class Choices:
    """What an acuerdo may still be linked to, for a form's select."""

    convenios: list[Choice]
    activities: list[tuple[str, list[Choice]]]
    """Grouped by what they belong to: «Convenio X», «Programa de trabajo de Y»."""


def choices(*, session: Session, agreement: Agreement) -> Choices:
    """Every convenio and activity not yet linked to `agreement`, by key."""
    have = linked(agreement)
    taken = {("convenio", c.id) for c in have.convenios} | {
        ("activity", a.id) for a in have.activities
    }
    convenios = [
        (f"convenio:{row.id}", row.key, row.title)
        for row in session.execute(
            select(Convenio.id, Convenio.key, Convenio.title).order_by(Convenio.key)
        )
        if ("convenio", row.id) not in taken
    ]
    groups: dict[str, list[Choice]] = {}
    for row in session.execute(
        select(Activity.id, Activity.key, Activity.title, Convenio.key.label("of"), Organ.code)
        .outerjoin(Convenio, Convenio.id == Activity.convenio_id)
        .outerjoin(Organ, Organ.id == Activity.organ_id)
        .order_by(Convenio.key.nullslast(), Organ.code, Activity.key)
    ):
        if ("activity", row.id) in taken:
            continue
        group = f"Convenio {row.of}" if row.of else f"Programa de trabajo de {row.code or '—'}"
        groups.setdefault(group, []).append((f"activity:{row.id}", row.key, row.title))
    return Choices(convenios, list(groups.items()))


def parse_choice(value: str) -> tuple[str, int]:
    """A form's `convenio:3` or `activity:7` as (kind, id); anything else is refused."""
    kind, _, raw = value.partition(":")
    digits = raw.isascii() and raw.isdigit() and len(raw) <= 10
    if kind in TARGETS and digits and 0 < int(raw) <= MAX_ID:
        return kind, int(raw)
    raise Invalid("Elija un convenio o una actividad de la lista.", field="target")


def resolve(*, session: Session, field: str, ids: Sequence[int]) -> list[Any]:
    """The rows `ids` name, in order, each once; an id that names nothing is refused."""
    target = FIELDS[field]
    unique = list(dict.fromkeys(ids))
    model: Any = target.model
    found = {row.id: row for row in session.scalars(select(model).where(model.id.in_(unique)))}
    missing = [i for i in unique if i not in found]
    if missing:
        raise Invalid(f"No existe {target.noun} con id {missing[0]} («{field}»).", field=field)
    return [found[i] for i in unique]


def replace(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    agreement: Agreement,
    wanted: Mapping[str, Sequence[int]],
    expected_version: int | None = None,
) -> bool:
    """Make `wanted` (`{"convenios": [ids], "activities": [ids]}`, either may be absent) the
    acuerdo's links of each kind named; returns whether anything changed.

    Every id is checked before anything changes."""
    require_editor(actor)
    check_version(agreement, expected_version)
    rows = {field: resolve(session=session, field=field, ids=ids) for field, ids in wanted.items()}
    changes: dict[str, dict[str, list[str]]] = {}
    for field, targets in rows.items():
        before = FIELDS[field].linked(agreement)
        if {t.id for t in before} != {t.id for t in targets}:
            changes[field] = {
                "from": [t.key for t in before],
                "to": sorted(t.key for t in targets),
            }
    if not changes:
        return False
    # The acuerdo's row first: its version serialises two people linking it at once, and an
    # edit of rows of their own would otherwise leave its ETag as it was.
    agreement.updated_at = clock.now()
    flush_or_stale(session, agreement.key)
    for field in changes:
        _store(session, actor, agreement, FIELDS[field], rows[field])
    record(
        session=session,
        name="edited",
        item=agreement,
        actor=actor,
        clock=clock,
        payload={"changes": changes},
    )
    session.flush()
    return True


def _store(
    session: Session, actor: Actor, agreement: Agreement, target: Target, rows: list[Any]
) -> None:
    """Insert the links that are new and delete those no longer wanted."""
    before = target.linked(agreement)
    have = {t.id for t in before}
    want = {t.id for t in rows}
    gone = have - want
    if gone:
        session.execute(
            delete(AgreementLink).where(
                AgreementLink.agreement_id == agreement.id, target.column.in_(gone)
            )
        )
    for item in rows:
        if item.id not in have:
            session.add(
                AgreementLink(
                    agreement_id=agreement.id,
                    created_by_id=actor.user_id,
                    **{target.column.key: item.id},
                )
            )
    session.flush()
    session.expire(agreement, [f"linked_{target.field}"])
    for item in (*before, *rows):
        session.expire(item, ["linked_agreements"])


def link_new(
    *, session: Session, actor: Actor, agreement: Agreement, rows: Mapping[str, list[Any]]
) -> None:
    """The links of an acuerdo being created (`rows` as `resolve` found them): part of its
    registration, so no edit is recorded."""
    for field, targets in rows.items():
        _store(session, actor, agreement, FIELDS[field], targets)


def toggle(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    agreement: Agreement,
    kind: str,
    target_id: int,
    linked: bool,
    expected_version: int | None = None,
) -> Linkable:
    """Link the acuerdo to one convenio or activity (`linked`) or remove that link; returns the
    item at the other end. Linking what is linked, or unlinking what is not, is refused."""
    target = _target(kind)
    require_editor(actor)
    check_version(agreement, expected_version)
    current = target.linked(agreement)
    item: Linkable | None = next((t for t in current if t.id == target_id), None)
    if linked:
        if item is not None:
            raise Conflict(f"{agreement.key} ya está vinculado con {target.noun} {item.key}.")
        (item,) = resolve(session=session, field=target.field, ids=[target_id])
        wanted = [*(t.id for t in current), target_id]
    else:
        if item is None:
            raise Invalid(
                f"{agreement.key} no está vinculado con {target.noun} con id {target_id}."
            )
        wanted = [t.id for t in current if t.id != target_id]
    assert item is not None
    replace(
        session=session,
        actor=actor,
        clock=clock,
        agreement=agreement,
        wanted={target.field: wanted},
    )
    return item


def edit_agreement(
    *,
    session: Session,
    actor: Actor,
    clock: Clock,
    item: Agreement,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> None:
    """A PATCH of an acuerdo: its fields through `editing.edit`, its links (`convenios`,
    `activities`, each replacing the set) here; the version is checked once, before either."""
    require_editor(actor)
    check_version(item, expected_version)
    fields = {k: v for k, v in changes.items() if k not in FIELDS}
    wanted = {k: v for k, v in changes.items() if k in FIELDS}
    for field, ids in wanted.items():  # refused before any field changes
        resolve(session=session, field=field, ids=ids)
    edit(session=session, actor=actor, clock=clock, item=item, changes=fields)
    if wanted:
        replace(session=session, actor=actor, clock=clock, agreement=item, wanted=wanted)


def _target(kind: str) -> Target:
    if kind not in TARGETS:
        raise Invalid(f"Solo se vincula un acuerdo con un convenio o una actividad, no «{kind}».")
    return TARGETS[kind]
