"""An illustrative data set built from the seed agenda (CPVOE, 5ª sesión ordinaria de 2024).

Names of areas, people, agreements and convenios are plausible, not official records.
Every state change goes through `fire`, so the demo's history looks like real use.
"""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from workflow.demo.agreements import load_agreements
from workflow.demo.builder import Demo
from workflow.demo.convenios import load_convenios, load_programme
from workflow.demo.seed import AGENDA_4SO, AGENDA_5SO, AREAS, DEMO_PASSWORD, ORGAN, PEOPLE
from workflow.directory import catalogue
from workflow.engine.actors import Actor
from workflow.items import meetings
from workflow.models import DomainEvent, Organ, User, utcnow

__all__ = ["DEMO_PASSWORD", "is_empty", "load"]


def is_empty(*, session: Session) -> bool:
    """The demo loads only into a database nobody has used yet."""
    return not (
        session.scalar(select(func.count()).select_from(Organ))
        or session.scalar(select(func.count()).select_from(User))
    )


def load(*, session: Session, tz: ZoneInfo) -> list[str]:
    """Create the demo; returns lines that say what was loaded and how to sign in."""
    d = Demo(session, tz)
    catalogue.create_organ(
        session=session,
        actor=d.system,
        code=ORGAN[0],
        name=ORGAN[1],
        valid_from=date(2023, 10, 1),
        valid_until=date(2024, 12, 31),
    )
    for code, name in AREAS:
        catalogue.create_area(session=session, actor=d.system, code=code, name=name)
    for email, name, role, area in PEOPLE:
        user, _ = catalogue.create_user(
            session=session,
            actor=d.system,
            email=email,
            name=name,
            role=role,
            area=area,
            password=DEMO_PASSWORD,
        )
        d.people[role if role != "area" else area or role] = Actor.of(user)

    standing = [meetings.AgendaPoint(t) for t in AGENDA_4SO]
    m3, m4, m5 = (
        meetings.create(
            session=session,
            actor=d.system,
            organ="CPVOE",
            kind="ordinaria",
            number=number,
            year=2024,
            day=day,
            at=time(11, 0),
            modality="virtual",
            agenda=agenda,
        )
        for number, day, agenda in (
            (3, date(2024, 3, 22), standing),
            (4, date(2024, 4, 26), standing),
            (5, date(2024, 5, 24), [meetings.AgendaPoint(t, items) for t, items in AGENDA_5SO]),
        )
    )
    meetings.fire_minutes_event(
        session=session,
        actor=d.people["secretariat"],
        clock=d.clock(date(2024, 4, 26)),
        meeting_id=m3.id,
        event="approve",
        approved_in=m4.id,
    )

    load_agreements(d, m3, m4)
    load_convenios(d)
    load_programme(d)
    # The demo's history is the past, not news: nobody is told about it.
    session.execute(
        update(DomainEvent)
        .where(DomainEvent.fanned_out_at.is_(None))
        .values(fanned_out_at=utcnow())
    )
    return [
        "Órgano CPVOE, 6 áreas, sesiones 3ª, 4ª y 5ª ordinarias de 2024 (la 5ª con el orden del día real).",
        "Acuerdos de la 4ª sesión en cada estado; convenio general INE-IECM con anexos y plan; convenios con universidades.",
        f"Personas (contraseña «{DEMO_PASSWORD}»): "
        + ", ".join(f"{e} ({r})" for e, _, r, _ in PEOPLE),
        f"Sesión para el informe de seguimiento: id {m5.id} (5ª ordinaria).",
    ]
