"""*Suscripción y seguimiento de convenios* (item 3 of the seed agenda): the convenios of an organ
grouped as the commission asks about them, with counts.

Windows: "signed" counts from the session whose agreements are followed up (the period since
the last report); "concluded" counts from the start of the organ's term (or of the year), since
a commission wants to see what closed during its mandate, not only in the last month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from states import CONVENIO
from states.dates_es import long_date
from states.vocabulary import CONVENIO_KINDS
from workflow.models import Convenio, Organ
from workflow.reports import as_of as history
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


def summarise(
    *,
    session: Session,
    organ: Organ,
    since: date | None,
    as_of: date,
    tz: ZoneInfo,
    expiring_within_days: int,
    claimed: Set[tuple[str, int]] = frozenset(),
) -> ConveniosSummary:
    """Group the organ's convenios (and the institution's convenios of no organ) as they stood
    at the end of `as_of`: a convenio that expired later is shown in force, one created later
    is not there.

    Each convenio is listed once, in the first group it belongs to (signed in the period, in
    preparation, expiring soon, in force, closed); those in `claimed` (already listed earlier in
    the report, e.g. under temas relevantes) are counted but not listed again."""
    moment = history.end_of(as_of, tz)
    convenios = list(
        session.scalars(
            select(Convenio)
            .where(
                (Convenio.organ_id == organ.id) | Convenio.organ_id.is_(None),
            )
            .order_by(Convenio.id)
        ).unique()
    )
    loaded = history.load(session=session, items=convenios)
    convenios = [c for c in convenios if loaded.existed(c, moment)]
    horizon = as_of + timedelta(days=expiring_within_days)
    term_start = organ.valid_from if organ.valid_from and organ.valid_from <= as_of else None
    closed_since = term_start or date(as_of.year, 1, 1)

    base = {
        r.id: r
        for r in rows_of(session=session, items=convenios, as_of=as_of, tz=tz, loaded=loaded)
    }
    rows: dict[int, ConvenioRow] = {}
    closed_on: dict[int, date] = {}
    for c in convenios:
        standing = loaded.standing(c, moment)
        row = base[c.id]
        valid_until = standing.get("valid_until", c.valid_until)
        rows[c.id] = ConvenioRow(
            **vars(row),
            convenio_kind_label=CONVENIO_KINDS.get(c.convenio_kind, c.convenio_kind),
            counterparts=[p.name for p in c.counterparts],
            parent=c.parent.key if c.parent else None,
            signed_on=standing.get("signed_on", c.signed_on),
            valid_from=standing.get("valid_from", c.valid_from),
            valid_until=valid_until,
            expires_soon=row.state == "in_force"
            and valid_until is not None
            and as_of <= valid_until <= horizon,
        )
        reached = history.reached_at(standing)
        if CONVENIO.is_final(row.state) and reached is not None:
            closed_on[c.id] = reached.astimezone(tz).date()
    ordered = sorted(
        convenios, key=lambda c: (rows[c.id].valid_until is None, rows[c.id].valid_until, c.id)
    )
    listed: set[int] = {i for kind, i in claimed if kind == "convenio"}

    def pick(keep: list[Convenio]) -> list[ConvenioRow]:
        found = [rows[c.id] for c in keep if c.id not in listed]
        listed.update(r.id for r in found)
        return found

    signed = [
        c
        for c in ordered
        if (day := rows[c.id].signed_on) is not None
        and day <= as_of
        and (since is None or day >= since)
    ]
    signed.sort(key=lambda c: (rows[c.id].signed_on or as_of, c.id))
    in_force = [c for c in ordered if rows[c.id].state == "in_force"]
    closed = [c for c in ordered if closed_on.get(c.id, date.min) >= closed_since]
    period = f"desde el {long_date(since)}" if since else "en el periodo"
    closed_window = (
        "durante la vigencia del órgano" if term_start else f"en {as_of.year}"
    ) + f" (desde el {long_date(closed_since)})"
    groups = [
        ConvenioGroup("signed", f"Convenios suscritos {period}", pick(signed)),
        ConvenioGroup(
            "in_preparation",
            "Convenios en proceso de suscripción",
            pick([c for c in ordered if rows[c.id].state in PREPARATION]),
        ),
        ConvenioGroup(
            "expiring",
            f"Convenios vigentes que vencen en los próximos {expiring_within_days} días",
            pick([c for c in in_force if rows[c.id].expires_soon]),
        ),
        ConvenioGroup("in_force", "Convenios vigentes", pick(in_force)),
        ConvenioGroup(
            "closed", f"Convenios concluidos, terminados o vencidos {closed_window}", pick(closed)
        ),
    ]
    tally = Counter(rows[c.id].state for c in convenios)
    return ConveniosSummary(
        title="Informe sobre la suscripción y seguimiento de convenios interinstitucionales",
        groups=groups,
        by_state=[StateCount(s, label, tally[s]) for s, label in CONVENIO.states.items()],
        total=len(convenios),
        expiring_within_days=expiring_within_days,
    )
