"""`/admin/calendario`: the institution's calendar of a year (admins only).

A month grid shows the federal rest days, the days the institution declared inhábiles and the
all-days-count periods apart (a letter and a legend, not colour alone); forms add and remove
declared days and periods through `workflow.calendar.declared_days`, as `/api/v1/calendar` does; a
calculator answers «N días hábiles después de…» with the days it passed over and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from api.deps import ClockDep, SessionDep
from api.pages.admin.index import admin_viewer
from api.pages.csrf import CheckedForm
from api.pages.fields import text
from api.pages.refused import Refused, refuse, render_form
from api.pages.rendering import done
from api.pages.viewer import PageActor, SignedInViewer, Viewer
from api.schemas.common import RowId
from states.dates_es import long_date
from workflow.calendar import business_days, declared_days, year_grid
from workflow.engine.errors import DomainError, Invalid

router = APIRouter(include_in_schema=False, dependencies=[Depends(admin_viewer)])
"""Administrators only, like every admin page (`admin_viewer`)."""

PATH = "/admin/calendario"
MAX_COUNT = 3660
"""As `GET /api/v1/calendar/business-days`: ten years of business days."""
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def _day(values: Any, name: str, label: str) -> date:
    raw = text(values, name)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise Invalid(f"«{label}» no es una fecha válida (use AAAA-MM-DD).", field=name) from None
    return business_days.check_in_range(day, f"«{label}»")


def _line(values: Any, name: str, label: str, *, required: bool) -> str:
    line = text(values, name)
    if required and not line:
        raise Invalid(f"Escriba «{label}».", field=name)
    if len(line) > declared_days.TEXT_MAX or not line.isprintable():
        raise Invalid(
            f"«{label}» debe ser una sola línea de hasta {declared_days.TEXT_MAX} caracteres.",
            field=name,
        )
    return line


def _year(request: Request, today: date) -> int:
    raw = request.query_params.get("anio", "")
    if raw.isascii() and raw.isdigit() and len(raw) == 4:
        year = int(raw)
        if business_days.FIRST_DAY.year <= year <= business_days.LAST_DAY.year:
            return year
    return today.year


def _count(query: Any, session: Session) -> tuple[business_days.Count | None, str | None]:
    """The calculator's answer to the query string, or why it cannot answer."""
    if "desde" not in query:
        return None, None
    try:
        start = _day(query, "desde", "Desde el")
        raw = text(query, "dias")
        if not (raw.isascii() and raw.isdigit() and int(raw) <= MAX_COUNT):
            raise Invalid(f"«Días hábiles» debe ser un número entero de 0 a {MAX_COUNT}.")
        return business_days.load(session=session).count_from(start, int(raw)), None
    except DomainError as exc:
        return None, exc.detail


def _show(
    request: Request,
    *,
    session: Session,
    viewer: Viewer,
    year: int,
    refused: Refused | None = None,
) -> Response:
    count, count_error = _count(request.query_params, session)
    start, end = date(year, 1, 1), date(year, 12, 31)
    periods = [
        p for p in declared_days.list_periods(session=session)
        if p.start_day <= end and p.end_day >= start
    ]  # fmt: skip
    context = {
        "viewer": viewer,
        "year": year,
        "months": year_grid.year_grid(session=session, year=year),
        "days": declared_days.list_days(session=session, start=start, end=end),
        "periods": periods,
        "federal": business_days.BusinessCalendar().federal_holidays(year),
        "count": count,
        "count_error": count_error,
        "query": request.query_params,
        "weekdays": WEEKDAYS,
        "long_date": long_date,
    }
    status = 422 if count_error else 200
    return render_form(request, "pages/admin/calendar.html", context, refused, status_code=status)


@router.get(PATH)
def calendar_page(
    request: Request, session: SessionDep, viewer: SignedInViewer, clock: ClockDep
) -> Response:
    year = _year(request, clock.today())
    return _show(request, session=session, viewer=viewer, year=year)


def _back(year: int) -> str:
    return f"{PATH}?anio={year}"


def _refused(
    request: Request, exc: DomainError, form: FormData, which: str, *, session: Session,
    viewer: Viewer, year: int,
) -> Response:  # fmt: skip
    typed = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    refused = refuse(session, exc, typed, which)
    return _show(request, session=session, viewer=viewer, year=year, refused=refused)


@router.post(PATH + "/dias")
def add_day(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    year = clock.today().year
    try:
        day = _day(form, "date", "Fecha")
        year = day.year
        declared_days.add_day(
            session=session,
            actor=actor,
            day=day,
            reason=_line(form, "reason", "Motivo", required=True),
            reference=_line(form, "reference", "Referencia", required=False),
        )
    except DomainError as exc:
        return _refused(request, exc, form, "day", session=session, viewer=viewer, year=year)
    return done(request, _back(year), f"El {long_date(day)} quedó declarado como día inhábil.")


@router.post(PATH + "/dias/{day}/quitar")
def remove_day(
    request: Request, day: str, form: CheckedForm, session: SessionDep, actor: PageActor
) -> Response:
    when = _day({"day": day[:10]}, "day", "Fecha")
    declared_days.remove_day(session=session, actor=actor, day=when)
    return done(
        request, _back(when.year), f"El {long_date(when)} ya no es un día inhábil declarado."
    )


@router.post(PATH + "/periodos")
def add_period(
    request: Request,
    form: CheckedForm,
    session: SessionDep,
    viewer: SignedInViewer,
    actor: PageActor,
    clock: ClockDep,
) -> Response:
    year = clock.today().year
    try:
        name = _line(form, "name", "Nombre del periodo", required=True)
        start = _day(form, "start", "Primer día")
        end = _day(form, "end", "Último día")
        year = start.year
        declared_days.add_period(
            session=session,
            actor=actor,
            name=name,
            start=start,
            end=end,
            reference=_line(form, "reference", "Referencia", required=False),
        )
    except DomainError as exc:
        return _refused(request, exc, form, "period", session=session, viewer=viewer, year=year)
    return done(
        request,
        _back(year),
        f"Se declaró el periodo «{name}»: del {long_date(start)} al {long_date(end)}.",
    )


@router.post(PATH + "/periodos/{period_id}/quitar")
def remove_period(
    request: Request, period_id: RowId, form: CheckedForm, session: SessionDep, actor: PageActor
) -> Response:
    row = declared_days.get_period(session=session, period_id=period_id)
    name, year = row.name, row.start_day.year
    declared_days.remove_period(session=session, actor=actor, period_id=period_id)
    return done(request, _back(year), f"Se quitó el periodo «{name}».")
