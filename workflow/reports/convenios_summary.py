"""*Suscripción y seguimiento de convenios* (item 3 of the seed agenda): the convenios of an organ
grouped as the commission asks about them, with counts.

Windows: "signed" counts from the session whose agreements are followed up (the period since
the last report); "concluded" counts from the start of the organ's term (or of the year), since
a commission wants to see what closed during its mandate, not only in the last month.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from states import CONVENIO
from states.vocabulary import CONVENIO_KINDS
from workflow.items.kinds import history_of
from workflow.models import Convenio, Organ, Transition, UTCDateTime
from workflow.reports.rows import ItemRow, rows_of

PREPARATION = ("drafting", "legal_review", "approved")


@dataclass
class ConvenioRow(ItemRow):
    """A convenio's row adds its counterparts, kind, parent and validity."""

    convenio_kind_label: str = ""
    counterparts: list[str] = field(default_factory=list)
    parent: str | None = None
    signed_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    expires_soon: bool = False


@dataclass
class ConvenioGroup:
    key: str
    title: str
    rows: list[ConvenioRow]

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass
class StateCount:
    state: str
    label: str
    count: int


@dataclass
class ConveniosSummary:
    title: str
    groups: list[ConvenioGroup]
    by_state: list[StateCount]
    """Every convenio of the organ, counted by state."""
    total: int
    expiring_within_days: int

    def group(self, key: str) -> ConvenioGroup:
        return next(g for g in self.groups if g.key == key)


def _closed_on(session: Session, ids: list[int], tz: ZoneInfo) -> dict[int, date]:
    """The day each final convenio reached its final state (its last such transition)."""
    if not ids:
        return {}
    stmt = (
        select(Transition.item_id, type_coerce(func.max(Transition.at), UTCDateTime()))
        .where(
            history_of(Transition, "convenio", ids),
            Transition.to_state.in_(sorted(CONVENIO.final)),
        )
        .group_by(Transition.item_id)
    )
    return {item_id: at.astimezone(tz).date() for item_id, at in session.execute(stmt)}


def summarise(
    *,
    session: Session,
    organ: Organ,
    since: date | None,
    as_of: date,
    tz: ZoneInfo,
    expiring_within_days: int,
) -> ConveniosSummary:
    """Group the organ's convenios (and the institution's convenios of no organ)."""
    convenios = list(
        session.scalars(
            select(Convenio)
            .where((Convenio.organ_id == organ.id) | Convenio.organ_id.is_(None))
            .order_by(Convenio.valid_until.is_(None), Convenio.valid_until, Convenio.id)
        ).unique()
    )
    horizon = as_of + timedelta(days=expiring_within_days)
    term_start = organ.valid_from if organ.valid_from and organ.valid_from <= as_of else None
    closed_since = term_start or date(as_of.year, 1, 1)
    closed_on = _closed_on(session, [c.id for c in convenios if CONVENIO.is_final(c.state)], tz)

    base = {r.id: r for r in rows_of(session=session, items=convenios, as_of=as_of)}
    rows: dict[int, ConvenioRow] = {}
    for c in convenios:
        rows[c.id] = ConvenioRow(
            **vars(base[c.id]),
            convenio_kind_label=CONVENIO_KINDS.get(c.convenio_kind, c.convenio_kind),
            counterparts=[p.name for p in c.counterparts],
            parent=c.parent.key if c.parent else None,
            signed_on=c.signed_on,
            valid_from=c.valid_from,
            valid_until=c.valid_until,
            expires_soon=c.state == "in_force"
            and c.valid_until is not None
            and as_of <= c.valid_until <= horizon,
        )

    def pick(keep: list[Convenio]) -> list[ConvenioRow]:
        return [rows[c.id] for c in keep]

    signed = [
        c
        for c in convenios
        if c.signed_on is not None
        and c.signed_on <= as_of
        and (since is None or c.signed_on >= since)
    ]
    signed.sort(key=lambda c: (c.signed_on or as_of, c.id))
    in_force = [c for c in convenios if c.state == "in_force"]
    closed = [c for c in convenios if closed_on.get(c.id, date.min) >= closed_since]
    period = f"desde el {since.strftime('%d/%m/%Y')}" if since else "en el periodo"
    closed_window = (
        "durante la vigencia del órgano" if term_start else f"en {as_of.year}"
    ) + f" (desde el {closed_since.strftime('%d/%m/%Y')})"
    groups = [
        ConvenioGroup("signed", f"Convenios suscritos {period}", pick(signed)),
        ConvenioGroup(
            "in_preparation",
            "Convenios en proceso de suscripción",
            pick([c for c in convenios if c.state in PREPARATION]),
        ),
        ConvenioGroup("in_force", "Convenios vigentes", pick(in_force)),
        ConvenioGroup(
            "expiring",
            f"Convenios vigentes que vencen en los próximos {expiring_within_days} días",
            pick([c for c in in_force if rows[c.id].expires_soon]),
        ),
        ConvenioGroup(
            "closed", f"Convenios concluidos, terminados o vencidos {closed_window}", pick(closed)
        ),
    ]
    tally = Counter(c.state for c in convenios)
    return ConveniosSummary(
        title="Informe sobre la suscripción y seguimiento de convenios interinstitucionales",
        groups=groups,
        by_state=[StateCount(s, label, tally[s]) for s, label in CONVENIO.states.items()],
        total=len(convenios),
        expiring_within_days=expiring_within_days,
    )
