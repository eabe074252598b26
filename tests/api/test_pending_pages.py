"""«Mis pendientes» on the dashboard, and the one avance form that may also report fulfilment:
update and event together or neither, CSRF, area scope, evidence kept; afterwards the item reads
as waiting on the secretariat, not as the area's overdue work."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from states.dates_es import long_date
from tests.api.signin import person, sign_in
from tests.factories import ADMIN, Factory
from workflow.engine.fire import fire
from workflow.models import EvidenceFile, Transition, Update

PDF = b"%PDF-1.4\n% prueba\n"


def count(make: Factory, model: type, **where: object) -> int:
    stmt = select(func.count()).select_from(model).filter_by(**where)
    return make.session.scalar(stmt) or 0


def pending_section(html: str) -> str:
    found = re.search(r'<section aria-labelledby="h-pendientes".*?</section>', html, re.S)
    assert found, "the dashboard has no «Mis pendientes»"
    return found.group(0)


def test_an_area_head_sees_what_waits_on_the_area_soonest_first(
    api: TestClient, make: Factory
) -> None:
    mine, other = make.area(), make.area()
    later = make.agreement([other, mine], deadline=date(2024, 7, 1), title="Compartido")
    late = make.agreement([mine], deadline=date(2024, 5, 1), title="Atrasado")
    make.agreement([other], title="De otra área")
    activity = make.activity(mine, due_date=date(2024, 6, 3), title="Taller")
    sign_in(api, person(make, "area", mine))
    section = pending_section(api.get("/").text)
    assert "De otra área" not in section
    order = [section.index(t) for t in ("Atrasado", "Taller", "Compartido")]
    assert order == sorted(order)
    assert "1 de mayo de 2024" in section and "Vencido" in section
    assert f'href="/acuerdos/{late.id}"' in section
    assert f'href="/actividades/{activity.id}"' in section and later.key in section
    assert (
        f'href="/acuerdos?area={mine.code}&amp;estado=approved%2Cin_progress"' in section
        and "Ver la lista de acuerdos (2)" in section
    )


def test_members_have_no_pending_list(api: TestClient, make: Factory) -> None:
    sign_in(api, person(make, "member"))
    assert 'id="h-pendientes"' not in api.get("/").text


def test_one_form_records_the_avance_with_evidence_and_reports_fulfilment(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    agreement = make.agreement([area], deadline=date(2024, 5, 1))
    head = person(make, "area", area)
    token = sign_in(api, head)
    page = api.get(f"/acuerdos/{agreement.id}").text
    assert 'name="close"' in page and "Informar el cumplimiento con este avance" in page
    r = api.post(
        f"/acuerdos/{agreement.id}/avances",
        data={
            "csrf_token": token,
            "version": str(agreement.version),
            "note": "Se publicó el directorio; se anexa el oficio.",
            "progress": "90",
            "close": "1",
        },
        files={"file": ("oficio.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    make.session.refresh(agreement)
    assert agreement.state == "under_review"
    assert count(make, Update, item_kind="agreement", item_id=agreement.id) == 1
    transition = make.session.scalars(
        select(Transition).filter_by(item_kind="agreement", item_id=agreement.id)
    ).one()
    assert transition.event == "report_fulfillment"
    assert transition.note == "Se publicó el directorio; se anexa el oficio."
    stored = make.session.scalars(select(EvidenceFile)).one()
    assert api.get(f"/archivos/{stored.id}").content == PDF

    detail = api.get(r.headers["location"]).text
    day = long_date(transition.at.astimezone(make.clock.tz).date())  # the app's own clock
    assert "y se aplicó «Informar cumplimiento»" in detail
    assert (
        f"La {area.code} informó el cumplimiento el {day}. "
        "Está en revisión de la Secretaría Técnica." in detail
    )
    assert 'class="badge st-overdue"' not in detail and "días de atraso" not in detail
    assert 'name="close"' not in detail  # nothing more to report
    assert agreement.key not in pending_section(api.get("/").text)
    assert 'class="badge st-overdue"' not in api.get(f"/acuerdos?area={area.code}").text
    # The API keeps the flag SPEC §2 derives: a deadline passed and a state not final.
    read = api.get(f"/api/v1/agreements/{agreement.id}", headers=head.headers)
    assert read.json()["overdue"] is True

    api.post("/logout", data={"csrf_token": token})
    sign_in(api, person(make, "secretariat"))
    section = pending_section(api.get("/").text)
    assert agreement.key in section and f"La {area.code}, {day}" in section
    assert 'href="/acuerdos?estado=under_review"' in section


def test_an_activity_is_concluded_with_its_last_avance(api: TestClient, make: Factory) -> None:
    area = make.area()
    activity = make.activity(area)
    token = sign_in(api, person(make, "area", area))
    assert (
        "Dar por concluida la actividad con este avance"
        in api.get(f"/actividades/{activity.id}").text
    )
    r = api.post(
        f"/actividades/{activity.id}/avances",
        data={"csrf_token": token, "note": "Taller impartido.", "close": "1"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    make.session.refresh(activity)
    assert activity.state == "done"


def test_a_refused_report_saves_nothing_and_keeps_what_was_typed(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    agreement = make.agreement([area])
    token = sign_in(api, person(make, "area", area))
    fire(
        session=make.session,
        item=agreement,
        event="report_fulfillment",
        actor=ADMIN,
        clock=make.clock,
        note="Ya informado",
    )
    make.session.flush()
    typed = "Se entregó el segundo informe con sus anexos."
    r = api.post(
        f"/acuerdos/{agreement.id}/avances",
        data={
            "csrf_token": token,
            "version": str(agreement.version),
            "note": typed,
            "progress": "95",
            "close": "1",
        },
        files={"file": ("oficio.pdf", PDF, "application/pdf")},
    )
    assert r.status_code == 409, r.text
    assert "No se guardó el cambio" in r.text and "En revisión de cumplimiento" in r.text
    assert f">{typed}</textarea>" in r.text and 'value="95"' in r.text
    assert count(make, Update, item_kind="agreement", item_id=agreement.id) == 0
    assert count(make, EvidenceFile) == 0
    assert count(make, Transition, item_kind="agreement", item_id=agreement.id) == 1
    make.session.refresh(agreement)
    assert agreement.progress == 0 and agreement.state == "under_review"


def test_the_combined_form_needs_its_csrf_token_and_the_persons_own_area(
    api: TestClient, make: Factory
) -> None:
    mine, other = make.area(), make.area()
    own = make.agreement([mine])
    theirs = make.agreement([other])
    token = sign_in(api, person(make, "area", mine))
    assert 'name="close"' not in api.get(f"/acuerdos/{theirs.id}").text
    data = {"note": "Hecho", "close": "1", "version": "1"}
    assert api.post(f"/acuerdos/{own.id}/avances", data=data).status_code == 403
    r = api.post(f"/acuerdos/{theirs.id}/avances", data={**data, "csrf_token": token})
    assert r.status_code == 403
    for agreement in (own, theirs):
        make.session.refresh(agreement)
        assert agreement.state == "approved"
        assert count(make, Update, item_kind="agreement", item_id=agreement.id) == 0
        assert count(make, Transition, item_kind="agreement", item_id=agreement.id) == 0


def test_a_stale_combined_form_is_shown_again_ticked_and_saves_nothing(
    api: TestClient, make: Factory
) -> None:
    area = make.area()
    agreement = make.agreement([area])
    token = sign_in(api, person(make, "area", area))
    seen = agreement.version
    fire(session=make.session, item=agreement, event="start", actor=ADMIN, clock=make.clock)
    make.session.flush()
    r = api.post(
        f"/acuerdos/{agreement.id}/avances",
        data={"csrf_token": token, "version": str(seen), "note": "Listo", "close": "1"},
    )
    assert r.status_code == 412 and "cambió mientras usted lo editaba" in r.text
    assert ">Listo</textarea>" in r.text
    assert re.search(r'id="avance-close" name="close" value="1" checked', r.text)
    make.session.refresh(agreement)
    assert agreement.state == "in_progress"
    assert count(make, Update, item_kind="agreement", item_id=agreement.id) == 0
