"""The dashboard's «situación al» a chosen day: its figures as they stood then, rebuilt from the
history as the session reports are (SPEC §6a), and a wrong date said so next to the field."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient

from tests.api.signin import person, sign_in
from tests.factories import ADMIN, Factory
from workflow.engine.fire import fire
from workflow.runtime.clock import Clock


def _stat(html: str, label: str) -> int:
    found = re.search(rf'<span class="stat-n">(\d+)</span><span class="stat-l">{label}', html)
    assert found is not None, label
    return int(found.group(1))


def test_a_chosen_day_shows_the_figures_of_that_day(api: TestClient, make: Factory) -> None:
    area = make.area()
    meeting = make.meeting(date(2024, 4, 26), number=4)
    with make.on(meeting.date):
        done = make.agreement(
            [area], meeting, title="Cumplido el 20 de mayo", deadline=date(2024, 5, 15)
        )
    with make.on(date(2024, 5, 28)):
        make.agreement([area], meeting, title="Registrado el 28 de mayo", deadline=None)
    on_20 = Clock.on(date(2024, 5, 20), make.clock.tz)
    for event in ("report_fulfillment", "confirm"):
        fire(session=make.session, item=done, event=event, actor=ADMIN, clock=on_20, note="ok")
    make.session.flush()
    sign_in(api, person(make, "member"))

    now = api.get("/").text
    assert _stat(now, "acuerdos cumplidos") == 1 and _stat(now, "acuerdos vencidos") == 0

    r = api.get("/", params={"al": "2024-05-17"})
    assert r.status_code == 200
    then = r.text
    assert "Situación al 17 de mayo de 2024" in then
    assert _stat(then, "acuerdos cumplidos") == 0, "fulfilled only on the 20th"
    assert _stat(then, "acuerdos vencidos") == 1, "its deadline had passed, still open"
    assert _stat(then, "acuerdos en trámite") == 1, "the one registered on the 28th is not counted"
    assert _stat(now, "acuerdos en trámite") == 1
    assert 'value="2024-05-17"' in then


def test_a_wrong_day_is_refused_next_to_the_field_and_kept(api: TestClient, make: Factory) -> None:
    sign_in(api, person(make, "member"))
    r = api.get("/", params={"al": "mañana"})
    assert r.status_code == 422
    assert "Escriba una fecha válida" in r.text and 'value="mañana"' in r.text
    later = api.get("/", params={"al": "2030-01-01"})
    assert later.status_code == 422 and "no puede ser posterior a hoy" in later.text
