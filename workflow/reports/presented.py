"""The convenios whose numbered progress report a session's agenda presents ("Noveno informe
sobre el avance … del Convenio General …"), so the session page links to their reports."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import Convenio


def presented(*, session: Session, texts: Sequence[str]) -> list[Convenio]:
    """Convenios (not annexes) named by title in an agenda point that speaks of a report."""
    wanted = [t.casefold() for t in texts if "informe" in t.casefold()]
    if not wanted:
        return []
    titles = session.execute(
        select(Convenio.id, Convenio.title).where(Convenio.parent_id.is_(None))
    ).all()
    ids = [i for i, title in titles if any(title.casefold() in t for t in wanted)]
    if not ids:
        return []
    return list(
        session.scalars(select(Convenio).where(Convenio.id.in_(ids)).order_by(Convenio.id)).unique()
    )
