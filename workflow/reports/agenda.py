"""Draft agenda (orden del día) of an organ's next ordinary session, from its standing items.

The seed agenda repeats the same points every session: minutes of the previous session(s),
follow-up of agreements, the convenios report, the reports of the work programme that are due,
and general matters. Only the sub-points change, and those follow from the data: the next
number of each convenio's progress report, the programme activities finished since the last
session and those still open that are due. The secretariat edits the draft and posts it as the
new meeting's agenda.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from states import ACTIVITY
from workflow.engine.errors import NotFound
from workflow.items.kinds import history_of
from workflow.models import Activity, Convenio, Meeting, Minutes, Organ, Transition
from workflow.reports.convenio_progress import has_annexes, next_number, report_title
from workflow.reports.followup import session_name
from workflow.reports.ordinals import capitalised, ordinal


@dataclass
class DraftPoint:
    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class DraftAgenda:
    """What `POST /api/v1/meetings` takes, plus the session's name; `date` may still be open."""

    organ: str
    kind: str
    number: int
    year: int
    date: date | None
    time: time | None
    modality: str
    session_name: str
    points: list[DraftPoint]


def _names(meetings: list[Meeting]) -> str:
    return " y de la ".join(session_name(m) for m in meetings)


def _activity_points(
    session: Session, organ_id: int, since: datetime | None, due_by: date
) -> list[str]:
    """Programme activities to report on: finished since the last session, or open and due."""
    programme = list(
        session.scalars(
            select(Activity)
            .where(Activity.organ_id == organ_id, Activity.convenio_id.is_(None))
            .order_by(Activity.due_date.is_(None), Activity.due_date, Activity.id)
        ).unique()
    )
    finished: set[int] = set()
    if since is not None and programme:
        finished = set(
            session.scalars(
                select(Transition.item_id).where(
                    history_of(Transition, "activity", [a.id for a in programme]),
                    Transition.to_state == "done",
                    Transition.at >= since,
                )
            )
        )
    points = []
    for a in programme:
        if a.id in finished and a.state == "done":
            points.append(f"Informe sobre {a.title}.")
        elif not ACTIVITY.is_final(a.state) and (
            a.relevant or (a.due_date is not None and a.due_date <= due_by)
        ):
            points.append(f"Nota sobre el avance de: {a.title}.")
    return points


def _convenio_points(session: Session, organ_id: int) -> list[str]:
    """The next numbered progress report of each convenio in force that has a plan of activities."""
    with_plan = select(Activity.convenio_id).where(Activity.convenio_id.is_not(None))
    annex_parents = select(Convenio.parent_id).where(Convenio.id.in_(with_plan))
    convenios = session.scalars(
        select(Convenio)
        .where(
            Convenio.parent_id.is_(None),
            Convenio.state == "in_force",
            (Convenio.organ_id == organ_id) | Convenio.organ_id.is_(None),
            Convenio.id.in_(with_plan) | Convenio.id.in_(annex_parents),
        )
        .order_by(Convenio.id)
    ).unique()
    points = []
    for c in convenios:
        annexes = has_annexes(session=session, convenio_id=c.id)
        _, title = report_title(next_number(session=session, convenio_id=c.id), c, annexes)
        points.append(title + ".")
    return points


def draft(
    *, session: Session, organ: str, tz: ZoneInfo, today: date, day: date | None = None
) -> DraftAgenda:
    """The draft agenda of the ordinary session after the organ's last one (or on `day`)."""
    organ_row = session.scalar(select(Organ).where(func.upper(Organ.code) == organ.strip().upper()))
    if organ_row is None:
        raise NotFound(f"No existe el órgano con clave «{organ}».")
    held = select(Meeting).where(Meeting.organ_id == organ_row.id)
    if day is not None:
        held = held.where(Meeting.date < day)
    last = session.scalar(
        held.where(Meeting.ordinary).order_by(Meeting.date.desc(), Meeting.id.desc()).limit(1)
    )
    year = day.year if day else (last.year if last else today.year)
    number = 1 + (
        session.scalar(
            select(func.max(Meeting.number)).where(
                Meeting.organ_id == organ_row.id,
                Meeting.ordinary,
                Meeting.year == year,
            )
        )
        or 0
    )
    followed = list(
        session.scalars(
            held.where(Meeting.date >= last.date).order_by(Meeting.date, Meeting.id)
        ).unique()
        if last
        else []
    )
    pending_minutes = list(
        session.scalars(
            held.join(Minutes, Minutes.meeting_id == Meeting.id)
            .where(Minutes.state == "draft")
            .order_by(Meeting.date, Meeting.id)
        ).unique()
    )
    name = organ_row.name
    since = datetime.combine(last.date, time.min, tzinfo=tz) if last else None
    points: list[DraftPoint] = []
    if pending_minutes:
        plural = len(pending_minutes) > 1
        points.append(
            DraftPoint(
                "Presentación y, en su caso, aprobación "
                + ("de los proyectos de minuta" if plural else "del proyecto de minuta")
                + f" de la {_names(pending_minutes)} de la {name}."
            )
        )
    if followed:
        points.append(
            DraftPoint(
                f"Presentación del seguimiento de acuerdos aprobados en la {_names(followed)} "
                f"de la {name}, así como los temas relevantes en proceso de cumplimiento."
            )
        )
    else:
        points.append(
            DraftPoint(
                "Presentación del seguimiento de acuerdos y de los temas relevantes en proceso "
                "de cumplimiento."
            )
        )
    reports = _convenio_points(session, organ_row.id) + _activity_points(
        session, organ_row.id, since, day or today
    )
    points += _standing_points(organ_row.standing_items, name, reports)
    return DraftAgenda(
        organ=organ_row.code,
        kind="ordinaria",
        number=number,
        year=year,
        date=day,
        time=last.time if last else None,
        modality=last.modality if last else "presencial",
        session_name=capitalised(f"{ordinal(number, 'f')} sesión ordinaria de {year}"),
        points=points,
    )


PROGRAMME_WORDS = ("programa de trabajo", "actividades")
"""How a standing item that presents the work programme's reports is recognised."""


def _standing_points(standing: list[str], organ_name: str, reports: list[str]) -> list[DraftPoint]:
    """The fixed points after the follow-up: the organ's own standing items when it has them,
    else the seed's. The reports that are due (convenio progress numbers, programme
    activities) go under the point that presents the work programme; an organ whose items name
    none gets that point before its last item (usually «Asuntos generales»)."""
    if not standing:
        return [
            DraftPoint(
                "Presentación del informe sobre la suscripción y seguimiento de convenios "
                "interinstitucionales."
            ),
            DraftPoint(
                "Presentación de informes sobre el cumplimiento de actividades contempladas en "
                f"el Programa de Trabajo de la {organ_name}.",
                reports,
            ),
            DraftPoint("Asuntos generales."),
        ]
    points = [DraftPoint(text) for text in standing]
    home = next((p for p in points if any(w in p.text.lower() for w in PROGRAMME_WORDS)), None)
    if home is not None:
        home.items.extend(reports)
    elif reports:
        programme = DraftPoint(
            "Presentación de informes sobre el cumplimiento de actividades contempladas en el "
            f"Programa de Trabajo de la {organ_name}.",
            reports,
        )
        points.insert(max(len(points) - 1, 0), programme)
    return points
