"""`/api/v1/calendar`: the institution's non-working days and all-days-count periods.

Editors (secretariat, admin) write; everyone signed in reads.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from api.deps import ActorDep, ClockDep, SessionDep
from api.gates import EDITORS
from api.routes.items import ERRORS
from api.schemas.calendar import (
    BusinessDaysRead,
    CalendarRead,
    DayCreate,
    DayRead,
    DayUpdate,
    HolidayRead,
    PeriodCreate,
    PeriodRead,
    PeriodUpdate,
)
from api.schemas.common import BoundedDate, RowId, Year
from workflow.calendar import business_days, declared_days

router = APIRouter(prefix="/api/v1/calendar", tags=["calendario"], responses=ERRORS)


@router.get("", response_model=CalendarRead, summary="El calendario de un año")
def year_calendar(
    session: SessionDep,
    actor: ActorDep,
    clock: ClockDep,
    year: Annotated[Year | None, Query()] = None,
) -> Any:
    """Declared non-working days, all-days periods that touch the year, federal rest days."""
    year = year or clock.today().year
    start, end = date(year, 1, 1), date(year, 12, 31)
    days = declared_days.list_days(session=session, start=start, end=end)
    periods = [
        p
        for p in declared_days.list_periods(session=session)
        if p.start_day <= end and p.end_day >= start
    ]
    federal = business_days.BusinessCalendar().federal_holidays(year)
    return CalendarRead(
        year=year,
        non_working_days=[DayRead.of(d) for d in days],
        periods=[PeriodRead.of(p) for p in periods],
        federal_holidays=[HolidayRead(date=d, name=n) for d, n in federal],
    )


@router.get("/business-days", response_model=BusinessDaysRead, summary="Sumar días hábiles")
def add_business_days(
    session: SessionDep,
    actor: ActorDep,
    start: Annotated[BoundedDate, Query()],
    n: Annotated[int, Query(ge=0, le=3660)],
) -> Any:
    """The n-th business day after `start`, as deadlines are computed."""
    result = business_days.load(session=session).add_business_days(start, n)
    return BusinessDaysRead(start=start, business_days=n, result=result)


@router.get("/days", response_model=list[DayRead], summary="Días inhábiles declarados")
def list_days(session: SessionDep, actor: ActorDep) -> Any:
    return [DayRead.of(d) for d in declared_days.list_days(session=session)]


@router.post(
    "/days",
    status_code=201,
    response_model=DayRead,
    summary="Declarar día inhábil",
    dependencies=[EDITORS],
)
def add_day(body: DayCreate, session: SessionDep, actor: ActorDep) -> Any:
    row = declared_days.add_day(
        session=session, actor=actor, day=body.date, reason=body.reason, reference=body.reference
    )
    return DayRead.of(row)


@router.patch(
    "/days/{day}", response_model=DayRead, summary="Corregir un día inhábil", dependencies=[EDITORS]
)
def edit_day(
    day: Annotated[BoundedDate, Path()], body: DayUpdate, session: SessionDep, actor: ActorDep
) -> Any:
    row = declared_days.edit_day(session=session, actor=actor, day=day, **body.model_dump())
    return DayRead.of(row)


@router.delete(
    "/days/{day}", status_code=204, summary="Quitar un día inhábil", dependencies=[EDITORS]
)
def remove_day(
    day: Annotated[BoundedDate, Path()], session: SessionDep, actor: ActorDep
) -> Response:
    declared_days.remove_day(session=session, actor=actor, day=day)
    return Response(status_code=204)


@router.get("/periods", response_model=list[PeriodRead], summary="Periodos de días corridos")
def list_periods(session: SessionDep, actor: ActorDep) -> Any:
    return [PeriodRead.of(p) for p in declared_days.list_periods(session=session)]


@router.post(
    "/periods",
    status_code=201,
    response_model=PeriodRead,
    summary="Declarar periodo",
    dependencies=[EDITORS],
)
def add_period(body: PeriodCreate, session: SessionDep, actor: ActorDep) -> Any:
    row = declared_days.add_period(session=session, actor=actor, **body.model_dump())
    return PeriodRead.of(row)


@router.patch(
    "/periods/{period_id}",
    response_model=PeriodRead,
    summary="Corregir periodo",
    dependencies=[EDITORS],
)
def edit_period(period_id: RowId, body: PeriodUpdate, session: SessionDep, actor: ActorDep) -> Any:
    row = declared_days.edit_period(
        session=session, actor=actor, period_id=period_id, **body.model_dump()
    )
    return PeriodRead.of(row)


@router.delete(
    "/periods/{period_id}", status_code=204, summary="Quitar periodo", dependencies=[EDITORS]
)
def remove_period(period_id: RowId, session: SessionDep, actor: ActorDep) -> Response:
    declared_days.remove_period(session=session, actor=actor, period_id=period_id)
    return Response(status_code=204)
