"""`/admin/calendario`: admins only, CSRF, declared days and periods added and removed through the
page, refused forms shown again with nothing saved, the month grid and the calculator."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.api.signin import person, sign_in
from tests.factories import ADMIN, Factory
from workflow.calendar import declared_days
from workflow.models import AllDaysPeriod, NonWorkingDay

PAGE = "/admin/calendario"


def count(make: Factory, model: type) -> int:
    return make.session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("role", ["area", "member", "secretariat"])
def test_only_admins_reach_the_calendar_page(api: TestClient, make: Factory, role: str) -> None:
    area = make.area()
    token = sign_in(api, person(make, role, area if role == "area" else None))
    assert api.get(PAGE).status_code == 403
    r = api.post(
        PAGE + "/dias", data={"csrf_token": token, "date": "2024-03-28", "reason": "Jueves Santo"}
    )
    assert r.status_code == 403 and count(make, NonWorkingDay) == 0


def test_a_day_without_the_csrf_token_is_not_declared(api: TestClient, make: Factory) -> None:
    sign_in(api, person(make, "admin"))
    r = api.post(PAGE + "/dias", data={"date": "2024-03-28", "reason": "Jueves Santo"})
    assert r.status_code == 403 and count(make, NonWorkingDay) == 0


def test_admin_declares_and_removes_a_non_working_day(api: TestClient, make: Factory) -> None:
    token = sign_in(api, person(make, "admin"))
    r = api.post(
        PAGE + "/dias",
        data={
            "csrf_token": token,
            "date": "2024-03-28",
            "reason": "Jueves Santo",
            "reference": "IECM/ACU-CG-001/2024",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == PAGE + "?anio=2024"
    page = api.get(r.headers["location"]).text
    assert "El 28 de marzo de 2024 quedó declarado como día inhábil." in page
    assert "IECM/ACU-CG-001/2024" in page and 'title="Jueves Santo"' in page
    assert 'title="Día de la Constitución"' in page, "federal days are on the grid"
    r = api.post(PAGE + "/dias/2024-03-28/quitar", data={"csrf_token": token})
    assert r.status_code == 200 and "ya no es un día inhábil declarado" in r.text
    assert count(make, NonWorkingDay) == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"date": "2024-02-30", "reason": "Nada"}, "«Fecha» no es una fecha válida"),
        ({"date": "", "reason": "Nada"}, "«Fecha» no es una fecha válida"),
        ({"date": "1800-01-01", "reason": "Nada"}, "fuera del intervalo admitido"),
        ({"date": "2024-03-28", "reason": "  "}, "Escriba «Motivo»"),
        ({"date": "2024-03-28", "reason": "x" * 301}, "hasta 300 caracteres"),
        ({"date": "2024-03-29", "reason": "Repetido"}, "ya está declarado"),
    ],
)
def test_a_refused_day_is_shown_again_and_nothing_is_saved(
    api: TestClient, make: Factory, data: dict[str, str], words: str
) -> None:
    declared_days.add_day(session=make.session, actor=ADMIN, day=date(2024, 3, 29), reason="VS")
    token = sign_in(api, person(make, "admin"))
    r = api.post(PAGE + "/dias", data={"csrf_token": token, **data})
    assert r.status_code in (409, 422) and words in r.text and "No se guardó" in r.text
    assert f'value="{data["reason"].strip()}"' in r.text
    assert count(make, NonWorkingDay) == 1


def test_admin_declares_a_period_that_makes_every_day_count(api: TestClient, make: Factory) -> None:
    token = sign_in(api, person(make, "admin"))
    bad = api.post(
        PAGE + "/periodos",
        data={"csrf_token": token, "name": "Proceso", "start": "2024-06-10", "end": "2024-06-01"},
    )
    assert bad.status_code == 422 and "termina antes de empezar" in bad.text
    assert count(make, AllDaysPeriod) == 0
    r = api.post(
        PAGE + "/periodos",
        data={"csrf_token": token, "name": "Cómputos", "start": "2024-06-01", "end": "2024-06-09"},
    )
    assert r.status_code == 200 and "Se declaró el periodo «Cómputos»" in r.text
    answer = api.get(PAGE, params={"anio": "2024", "desde": "2024-05-31", "dias": "2"}).text
    assert "2 días hábiles después del 31 de mayo de 2024: domingo 2 de junio de 2024." in answer
    assert "sábado 1 de junio de 2024" in answer, "the weekend counted inside the period"
    period = make.session.scalar(select(AllDaysPeriod))
    assert period is not None
    r = api.post(f"{PAGE}/periodos/{period.id}/quitar", data={"csrf_token": token})
    assert r.status_code == 200 and count(make, AllDaysPeriod) == 0


def test_the_calculator_explains_the_days_it_skipped(api: TestClient, make: Factory) -> None:
    declared_days.add_day(
        session=make.session, actor=ADMIN, day=date(2024, 5, 10), reason="Día de las Madres"
    )
    sign_in(api, person(make, "admin"))
    page = api.get(PAGE, params={"desde": "2024-05-02", "dias": "10"}).text
    assert "10 días hábiles después del 2 de mayo de 2024: viernes 17 de mayo de 2024." in page
    assert "viernes 10 de mayo de 2024: Día de las Madres" in page
    assert "sábado 4 de mayo de 2024: Sábado" in page
    for query in ({"desde": "2024-13-01", "dias": "1"}, {"desde": "2024-05-02", "dias": "-1"}):
        r = api.get(PAGE, params=query)
        assert r.status_code == 422 and 'role="alert"' in r.text


def test_any_year_in_range_is_shown_and_others_fall_back(api: TestClient, make: Factory) -> None:
    sign_in(api, person(make, "admin"))
    assert "Calendario institucional 2031" in api.get(PAGE, params={"anio": "2031"}).text
    for year in ("99999", "abc", "1800", "٢٠٢٤"):
        assert api.get(PAGE, params={"anio": year}).status_code == 200


def test_hostile_paths_get_a_readable_4xx(api: TestClient, make: Factory) -> None:
    token = sign_in(api, person(make, "admin"))
    for path in ("/admin/areas/%00", "/admin/organos/" + "X" * 500, "/admin/areas/%F0%9F%98%80"):
        assert api.get(path).status_code == 404
        r = api.post(path, data={"csrf_token": token, "name": "x"})
        assert r.status_code == 404
        assert api.post(path + "/prueba", data={"csrf_token": token}).status_code == 404
    for day in ("2024-02-30", "%00", "9999999999"):
        r = api.post(f"{PAGE}/dias/{day}/quitar", data={"csrf_token": token})
        assert r.status_code in (404, 422), (day, r.status_code)
    r = api.post(f"{PAGE}/periodos/99999999999/quitar", data={"csrf_token": token})
    assert r.status_code in (404, 422)
    r = api.post(f"{PAGE}/dias/2024-03-28/quitar", data={"csrf_token": token})
    assert r.status_code == 404 and "no está declarado" in r.text
